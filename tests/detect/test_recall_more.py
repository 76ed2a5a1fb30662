"""Broader recall: title prefixes, pronoun subjects, host verbs, lists, plans and messages."""

from __future__ import annotations

TRUMP, HARRIS, VANCE, WALZ = "Donald Trump", "Kamala Harris", "JD Vance", "Tim Walz"


def test_title_with_new_prefix_after_country_possessive(contacts):
    found = contacts(
        "Trump flies to Tokyo on Monday and is to hold talks on Tuesday with Japan's new prime minister.",
        "2025-10-26",
    )
    assert (TRUMP, "Sanae Takaichi", "meeting", "planned", "2025-10-28") in found


def test_subject_pronoun_skips_a_person_named_in_an_aside(contacts):
    text = (
        "Trump said on Saturday that the talks had gone well. "
        '"She is a friend," he said, referring to the late former prime minister Shinzo Abe. '
        "On Wednesday he is due to meet President Lee Jae-myung in Seoul."
    )
    found = contacts(text, "2025-10-26")
    assert (TRUMP, "Lee Jae-myung", "meeting", "planned", "2025-10-29") in found
    assert not any(c != TRUMP for c, *_ in found)


def test_list_goes_on_past_a_venue_with_dates_per_item(contacts):
    found = contacts(
        "Kamala Harris received Chile's Gabriel Boric at the White House in March, Uruguay's president in May "
        "and Petro in June.",
        "2023-09-01",
    )
    assert {(ld, d) for _, ld, _, _, d in found} == {
        ("Gabriel Boric", "2023-03"),
        ("Luis Lacalle Pou", "2023-05"),
        ("Gustavo Petro", "2023-06"),
    }


def test_list_goes_on_after_an_aside(contacts):
    found = contacts(
        "On Friday, Kamala Harris is set to meet Kenyan President William Ruto, their second meeting this year, "
        "as well as Ghana's Nana Akufo-Addo.",
        "2023-09-01",
    )
    leaders = {ld for _, ld, kind, status, _ in found if status == "planned"}
    assert leaders == {"William Ruto", "Nana Akufo-Addo"}


def test_person_after_a_finished_subordinate_clause_is_not_an_object(contacts):
    found = contacts(
        "Trump and Indian Prime Minister Narendra Modi held talks on Friday after weeks of sparring "
        "over the arrest of Modi's rival, Imran Khan.",
        "2025-03-01",
    )
    assert {ld for _, ld, *_ in found} == {"Narendra Modi"}


def test_the_two_keeps_the_pair_for_they_in_the_next_sentences(contacts):
    text = (
        "Kamala Harris and Mexican President Claudia Sheinbaum met in Lima on Saturday. "
        "Aides said the two got along. The ties had been tense for years. "
        "The two leaders first crossed paths in March at a summit in Panama. "
        "In June they held a short video call."
    )
    found = contacts(text, "2024-11-17")
    assert (HARRIS, "Claudia Sheinbaum", "meeting", "occurred", "2024-03") in found
    assert (HARRIS, "Claudia Sheinbaum", "call", "occurred", "2024-06") in found


def test_host_presiding_over_a_signing_and_an_event_bringing_leaders_together(contacts):
    found = contacts(
        "Donald Trump presided as Armenian Prime Minister Nikol Pashinyan and Azerbaijani President "
        "Ilham Aliyev signed a peace declaration on Friday.",
        "2025-08-10",
    )
    assert {ld for _, ld, kind, status, _ in found if (kind, status) == ("meeting", "occurred")} == {
        "Nikol Pashinyan",
        "Ilham Aliyev",
    }


def test_translated_call_and_reunion_verbs(contacts):
    found = contacts(
        "Kamala Harris and Xiomara Castro had talked by videocall in March. "
        "Kamala Harris was reunited with the president Xiomara Castro in Tegucigalpa on Monday.",
        "2022-05-04",
    )
    assert (HARRIS, "Xiomara Castro", "call", "occurred", "2022-03") in found
    assert (HARRIS, "Xiomara Castro", "meeting", "occurred", "2022-05-02") in found


def test_crossed_paths_with_someone_else_is_no_contact(contacts):
    text = "Joe Biden crossed paths with Olaf Scholz in Berlin while Donald Trump held a rally."
    assert contacts(text, "2024-10-20") == set()


def test_speaking_to_reporters_is_no_conversation_with_the_person_named_next(contacts):
    text = (
        "Donald Trump met Argentine President Javier Milei at Mar-a-Lago on Sunday. "
        "Speaking to reporters afterward, Trump called Canadian Prime Minister Mark Carney "
        '"a tough negotiator".'
    )
    found = contacts(text, "2025-06-02")
    assert {ld for _, ld, *_ in found} == {"Javier Milei"}


def test_never_met_since_taking_office_is_no_dated_contact(contacts):
    found = contacts(
        "Diplomats said Trump has neither met nor spoken with Gustavo Petro since he took office in January.",
        "2025-06-02",
    )
    assert found == set()


def test_a_paper_reporting_on_a_day_that_a_call_happened_is_a_claim(contacts):
    found = contacts(
        "The newspaper Le Monde reported on Friday that JD Vance had spoken by phone with "
        "Italian Prime Minister Giorgia Meloni on Wednesday.",
        "2025-03-08",
    )
    assert found == {(VANCE, "Giorgia Meloni", "call", "alleged", "2025-03-05")}


def test_claiming_credit_is_no_claim_about_the_contact(contacts):
    found = contacts(
        "Trump has claimed credit for the ceasefire since May, when he phoned Pakistani Prime Minister "
        "Shehbaz Sharif.",
        "2025-08-01",
    )
    assert found == {(TRUMP, "Shehbaz Sharif", "call", "occurred", "2025-05")}


def test_antecedent_of_whom_is_the_object(contacts):
    found = contacts("Milei, whom Trump hosted at the White House in April, faces a vote.", "2025-06-01")
    assert found == {(TRUMP, "Javier Milei", "meeting", "occurred", "2025-04")}


def test_whom_with_someone_else_as_subject_is_no_contact(contacts):
    assert contacts("Milei, whom Biden hosted in 2023, praised Trump on Monday.", "2025-06-01") == set()


def test_a_dropped_session_cancels_a_past_plan_dated_backwards(contacts):
    found = contacts(
        "Kamala Harris had been scheduled to hold talks on Tuesday with Thai Prime Minister Srettha "
        "Thavisin, but the session was dropped when the summit ran long.",
        "2023-09-08",
    )
    assert found == {(HARRIS, "Srettha Thavisin", "meeting", "cancelled", "2023-09-05")}


def test_a_request_turned_down_in_the_next_sentence_is_cancelled(contacts):
    found = contacts(
        "Gustavo Petro sought a phone call with Trump in March. The White House turned him down.",
        "2025-06-01",
    )
    assert found == {(TRUMP, "Gustavo Petro", "call", "cancelled", "2025-03")}


def test_earlier_in_the_day_takes_the_day_of_the_sentence_before(contacts):
    found = contacts(
        "Trump landed in Doha on Wednesday. Earlier in the day, he held talks with Saudi Crown Prince "
        "Mohammed bin Salman in Riyadh.",
        "2025-05-16",
    )
    assert (TRUMP, "Mohammed bin Salman", "meeting", "occurred", "2025-05-14") in found


def test_a_date_in_an_aside_about_the_leader_is_not_the_contact_date(contacts):
    found = contacts(
        "Vance is to hold talks on Friday with Poland's new president, who took office last week.",
        "2025-08-12",
    )
    assert found == {(VANCE, "Karol Nawrocki", "meeting", "planned", "2025-08-15")}


def test_refusal_before_a_new_offer_still_cancels_the_request(contacts):
    found = contacts(
        "Gustavo Petro sought a phone call with Trump in March. The White House turned him down, "
        "saying Trump would gladly speak with him after the election.",
        "2025-06-01",
    )
    assert (TRUMP, "Gustavo Petro", "call", "cancelled", "2025-03") in found
    assert not any(status == "planned" and d == "2025-03" for *_, status, d in found)


def test_a_second_meeting_after_before_belongs_to_the_clause_subject(contacts):
    found = contacts(
        "Donald Trump flies to Seoul, where he is due to meet President Lee Jae-myung on Wednesday "
        "before a meeting with Chinese leader Xi Jinping on Thursday.",
        "2025-10-26",
    )
    assert found == {
        (TRUMP, "Lee Jae-myung", "meeting", "planned", "2025-10-29"),
        (TRUMP, "Xi Jinping", "meeting", "planned", "2025-10-30"),
    }


def test_a_meeting_of_two_other_leaders_stays_theirs(contacts):
    found = contacts(
        "Trump spoke in Tokyo on Monday, while Lee Jae-myung flew to Beijing before a meeting with "
        "Chinese leader Xi Jinping.",
        "2025-10-26",
    )
    assert found == set()


def test_contracted_negation_blocks_the_contact(contacts):
    meet = "Donald Trump said he {} meet Brazilian President Luiz Inácio Lula da Silva in New York."
    assert contacts(meet.format("did"), "2025-10-26") != set()
    assert contacts(meet.format("didn't"), "2025-10-26") == set()
    see = "Trump {} see Canadian Prime Minister Mark Carney at the summit."
    assert contacts(see.format("will"), "2025-10-26") != set()
    assert contacts(see.format("won't"), "2025-10-26") == set()


def test_a_leader_joining_by_phone_takes_part_by_call(contacts):
    found = contacts(
        "Donald Trump and Ahmed al-Sharaa met in Riyadh on Wednesday, with Turkish President "
        "Recep Tayyip Erdogan joining by phone.",
        "2025-05-15",
    )
    assert (TRUMP, "Ahmed al-Sharaa", "meeting", "occurred", "2025-05-14") in found
    assert (TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2025-05-14") in found
    assert (TRUMP, "Recep Tayyip Erdoğan", "meeting", "occurred", "2025-05-14") not in found


def test_the_time_of_an_aside_is_not_the_date_of_the_planned_meeting(contacts):
    found = contacts(
        "On Friday, Kamala Harris is set to meet Kenyan President William Ruto, their second meeting "
        "this year, as well as Ghana's Nana Akufo-Addo.",
        "2023-09-05",
    )
    assert found == {
        (HARRIS, "William Ruto", "meeting", "planned", "2023-09-08"),
        (HARRIS, "Nana Akufo-Addo", "meeting", "planned", "2023-09-08"),
    }


def test_an_apposition_title_after_a_name_is_that_person(contacts):
    found = contacts(
        "A website claimed that Tim Walz shook hands with Shinzo Abe, Japan's prime minister at the "
        "time, during a 2016 visit to Tokyo.",
        "2024-08-10",
    )
    assert {ld for _, ld, *_ in found} == {"Shinzo Abe"}


def test_year_as_modifier_and_translated_day_of_month(contacts):
    found = contacts(
        "Tim Walz and Shinzo Abe shook hands during a 2016 visit to Tokyo. "
        "Kamala Harris and Alberto Fernández had conversed by telephone the past 7 of May.",
        "2021-06-09",
    )
    assert (WALZ, "Shinzo Abe", "meeting", "occurred", "2016") in found
    assert (HARRIS, "Alberto Fernández", "call", "occurred", "2021-05-07") in found


def test_a_claim_reported_on_a_day_does_not_date_the_earlier_meeting(contacts):
    text = (
        "On Thursday, a website published a photograph it said showed Tim Walz with Shinzo Abe "
        "during a 2016 visit to Tokyo, and claimed the two men had met privately."
    )
    found = contacts(text, "2024-08-10")
    assert found and all(d != "2024-08-08" for *_, d in found)


def test_the_event_named_before_dates_a_later_sentence_about_it(contacts):
    text = (
        "Kamala Harris hosted a lunch for Pacific leaders on Tuesday.\n\n"
        "The lunch, in the State Department's ballroom, brought together Fijian Prime Minister Sitiveni "
        "Rabuka and Tongan Prime Minister Siaosi Sovaleni."
    )
    found = contacts(text, "2023-09-28")
    assert {(ld, d) for _, ld, _, _, d in found} == {
        ("Sitiveni Rabuka", "2023-09-26"),
        ("Siaosi Sovaleni", "2023-09-26"),
    }


def test_an_event_someone_else_held_brings_the_candidate_no_guests(contacts):
    text = (
        "Joe Biden hosted a lunch for Pacific leaders on Tuesday while Kamala Harris campaigned.\n\n"
        "The lunch, in the State Department's ballroom, brought together Fijian Prime Minister Sitiveni "
        "Rabuka and Tongan Prime Minister Siaosi Sovaleni."
    )
    assert contacts(text, "2023-09-28") == set()


def test_sentence_initial_they_takes_the_known_leader_the_sentence_names(contacts):
    text = (
        "Donald Trump hosted Ghanaian President Nana Akufo-Addo at the White House on Monday. "
        "Trump also met Senegalese President Macky Sall on Tuesday. "
        "They first met in May of last year in Sicily, where Akufo-Addo was among the invited leaders."
    )
    found = contacts(text, "2018-08-29")
    assert (TRUMP, "Nana Akufo-Addo", "meeting", "occurred", "2017-05") in found
    assert (TRUMP, "Macky Sall", "meeting", "occurred", "2017-05") not in found


def test_people_of_a_fronted_phrase_are_no_antecedents(contacts):
    text = (
        "Donald Trump spoke at length about Africa on Monday. "
        "Beyond Ruto and Tinubu, his focus has been Egypt: he has met President Abdel Fattah el-Sisi "
        "several times."
    )
    found = contacts(text, "2025-06-02")
    assert {(c, ld) for c, ld, *_ in found} == {(TRUMP, "Abdel Fattah el-Sisi")}


def test_earlier_encounters_in_an_aside_and_the_list_item_after_it(contacts):
    found = contacts(
        "On Friday, Kamala Harris is set to meet Kenyan President William Ruto, their third meeting "
        "this year after two encounters in March, as well as Ghana's Nana Akufo-Addo.",
        "2023-09-05",
    )
    assert found == {
        (HARRIS, "William Ruto", "meeting", "planned", "2023-09-08"),
        (HARRIS, "William Ruto", "meeting", "occurred", "2023-03"),
        (HARRIS, "Nana Akufo-Addo", "meeting", "planned", "2023-09-08"),
    }


def test_a_participle_after_a_comma_has_the_clause_subject(contacts):
    found = contacts(
        "Kamala Harris visited Jakarta last November, meeting Joko Widodo at the Merdeka Palace.",
        "2023-09-07",
    )
    assert found == {(HARRIS, "Joko Widodo", "meeting", "occurred", "2022-11")}
    other = "Joe Biden visited Jakarta last November, meeting Joko Widodo while Kamala Harris stayed home."
    assert contacts(other, "2023-09-07") == set()


def test_earlier_in_the_day_in_a_new_paragraph_and_the_sentence_after_it(contacts):
    text = (
        "Donald Trump arrived in Hanoi on Sunday for a two-day visit.\n\n"
        "Earlier in the day, Trump was greeted in Manila by Philippine President Bongbong Marcos. "
        "He then hosted Singaporean Prime Minister Lawrence Wong for lunch."
    )
    found = contacts(text, "2025-10-27")
    assert (TRUMP, "Bongbong Marcos", "meeting", "occurred", "2025-10-26") in found
    assert (TRUMP, "Lawrence Wong", "meeting", "occurred", "2025-10-26") in found


def test_object_pronoun_after_a_colon_skips_only_its_own_clause_subject(contacts):
    text = (
        "Italian Prime Minister Giorgia Meloni hosted JD Vance in Rome on Sunday. "
        "It was the second time that she had received him: Vance also called on her at her office in April."
    )
    found = contacts(text, "2025-05-19")
    assert (VANCE, "Giorgia Meloni", "meeting", "occurred", "2025-04") in found
    assert all(ld == "Giorgia Meloni" for _, ld, *_ in found)


def test_a_date_in_an_aside_after_the_object_leaves_the_meeting_its_own_day(contacts):
    text = (
        "Vance arrived in Rome on Sunday. "
        "Vance met Ukrainian President Volodymyr Zelenskyy at the embassy, their first meeting since "
        "the quarrel of Feb. 28, and left after an hour."
    )
    found = contacts(text, "2025-05-19")
    assert (VANCE, "Volodymyr Zelenskyy", "meeting", "occurred", "2025-05-18") in found
    assert (VANCE, "Volodymyr Zelenskyy", "meeting", "occurred", "2025-02-28") in found


def test_present_tense_travel_schedule_is_a_plan(contacts):
    found = contacts(
        "Trump returns home tonight, but he flies to Paris on Thursday for talks with French "
        "President Emmanuel Macron.",
        "2017-07-07",
    )
    assert found == {(TRUMP, "Emmanuel Macron", "meeting", "planned", "2017-07-13")}


def test_the_month_may_is_not_theresa_may(contacts):
    found = contacts("Trump and Macron first met in Brussels in May, after the election.", "2017-07-09")
    assert found == {(TRUMP, "Emmanuel Macron", "meeting", "occurred", "2017-05")}
    found = contacts(
        "Trump and Theresa May met in January. Trump later hosted May at Chequers.", "2018-08-01"
    )
    assert {ld for _, ld, *_ in found} == {"Theresa May"}


def test_a_leader_who_was_the_candidates_guest(contacts):
    found = contacts(
        "South Korean President Moon Jae-in had already been Donald Trump's guest in April.", "2017-07-09"
    )
    assert found == {(TRUMP, "Moon Jae-in", "meeting", "occurred", "2017-04")}
    other = (
        "South Korean President Moon Jae-in had already been Joe Biden's guest in April, Donald Trump said."
    )
    assert contacts(other, "2022-07-09") == set()
