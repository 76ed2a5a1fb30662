"""Recall classes: first-person quotes, titles shared by several people, lists, cancelled
travel and negation. Sentences written for these tests."""

from __future__ import annotations

TRUMP, HARRIS = "Donald Trump", "Kamala Harris"


# ------------------------------------------------------------ first-person quotes


def test_we_in_a_quote_is_the_speaker(contacts):
    found = contacts('"We had a productive meeting with President Milei," Trump said.', "2024-11-20")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(TRUMP, "Javier Milei", "meeting", "occurred")}


def test_pronoun_in_a_quote_is_the_person_it_is_said_of(contacts):
    found = contacts(
        '"He phoned me on Sunday and we talked for an hour," Trump said of Erdogan.', "2024-09-18"
    )
    assert (TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2024-09-15") in found


def test_pronoun_in_a_quote_is_the_person_a_reporter_asked_about(contacts):
    text = 'Trump was asked on Friday about Macron. "I talked to him twice this month," he told reporters.'
    found = contacts(text, "2024-09-18")
    assert {(c, ld) for c, ld, *_ in found} == {(TRUMP, "Emmanuel Macron")}


def test_pronoun_in_a_quote_is_never_its_speaker(contacts):
    text = '"Starmer is a serious man," Kamala Harris said. "I met him in London last year."'
    found = contacts(text, "2024-09-18")
    assert (HARRIS, "Keir Starmer", "meeting", "occurred", "2023") in found


def test_my_friend_in_a_leaders_quote_is_the_candidate_of_the_story(contacts):
    text = (
        "Trump spent the days after his victory taking calls. "
        'Mexico\'s president later said she had had "a warm conversation with my friend" when she phoned.'
    )
    found = contacts(text, "2024-11-10")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {(TRUMP, "Claudia Sheinbaum", "call", "occurred")}


def test_negated_first_person_quote_gives_nothing(contacts):
    assert contacts('"I have never spoken to him," Trump said of Putin.', "2024-09-18") == set()


def test_praise_in_a_quote_is_no_contact(contacts):
    assert contacts('"I have great respect for him," Trump said of Modi.', "2024-09-18") == set()


def test_us_the_country_in_a_quote_is_no_speaker(contacts):
    found = contacts('"The US will keep meeting its commitments," Trump said of Zelensky.', "2024-09-18")
    assert found == set()


def test_my_friend_with_no_candidate_in_view_gives_nothing(contacts):
    text = (
        "Scholz spent the week in Berlin. "
        'Modi said he had had "a long conversation with my friend" when he called.'
    )
    assert contacts(text, "2024-09-18") == set()


# ------------------------------------------------ titles several countries share


def test_bare_emir_is_the_emir_last_named(contacts):
    text = (
        "Qatar's emir and Kuwait's emir were both in New York this week. "
        "Kuwait's ruler, Sheikh Mishal, had asked for the visit. Trump received the emir on Tuesday."
    )
    found = contacts(text, "2024-09-18")
    assert {(c, ld, k, s) for c, ld, k, s, _ in found} == {
        (TRUMP, "Mishal Al-Ahmad Al-Jaber Al-Sabah", "meeting", "occurred")
    }


def test_bare_king_after_two_kings_is_the_later_one(contacts):
    text = (
        "Trump spoke with King Charles and then with Jordan's King Abdullah. "
        "Trump said he would see the king in Amman next month."
    )
    found = contacts(text, "2024-09-18")
    assert (TRUMP, "Abdullah II of Jordan", "meeting", "planned", "2024-10") in found
    assert not any(ld == "Charles III" and s == "planned" for _, ld, _, s, _ in found)


def test_bare_crown_prince_after_a_named_one(contacts):
    text = "Saudi Arabia's Mohammed bin Salman lands in Washington on Thursday. Trump will host the crown prince on Friday."
    found = contacts(text, "2024-09-18")
    assert (TRUMP, "Mohammed bin Salman", "meeting", "planned", "2024-09-20") in found


def test_bare_title_with_no_holder_in_the_story_gives_nothing(contacts):
    assert contacts("Trump met donors on Monday, and later the emir met Trump.", "2024-09-18") == set()
    assert contacts("Trump said he would meet the king soon.", "2024-09-18") == set()


def test_king_of_a_field_is_no_monarch(contacts):
    text = "Trump met Jordan's King Abdullah in May. Trump, the king of real estate, met donors on Monday."
    found = contacts(text, "2024-09-18")
    assert {(ld, d) for _, ld, _, _, d in found} == {("Abdullah II of Jordan", "2024-05")}


# ------------------------------------------------------------- lists with ", and"


def _leaders(found) -> set[str]:
    return {ld for _, ld, *_ in found}


def test_oxford_comma_list_keeps_its_last_item(contacts):
    found = contacts(
        "Kamala Harris sat down with Macron, Scholz, and Spain's Pedro Sanchez in Paris.", "2024-09-18"
    )
    assert _leaders(found) == {"Emmanuel Macron", "Olaf Scholz", "Pedro Sánchez"}


def test_oxford_comma_list_mixing_names_and_titles(contacts):
    found = contacts("Trump phoned Netanyahu, Erdogan, and the Saudi crown prince on Sunday.", "2024-09-18")
    assert _leaders(found) == {"Benjamin Netanyahu", "Recep Tayyip Erdoğan", "Mohammed bin Salman"}
    assert {k for _, _, k, _, _ in found} == {"call"}


def test_oxford_comma_list_of_subjects(contacts):
    found = contacts(
        "Macron, Scholz, and Italy's prime minister met Kamala Harris on Saturday.", "2024-09-18"
    )
    assert _leaders(found) == {"Emmanuel Macron", "Olaf Scholz", "Giorgia Meloni"}


def test_comma_and_before_a_new_clause_still_splits(contacts):
    found = contacts("Trump met Macron, and Scholz met Zelensky.", "2024-09-18")
    assert _leaders(found) == {"Emmanuel Macron"}


def test_list_after_a_non_contact_verb_gives_nothing(contacts):
    assert contacts("Trump criticised Macron, Scholz, and Spain's Sanchez on Sunday.", "2024-09-18") == set()


# ------------------------------------------------------------ cancelled travel


def _statuses(found) -> set[tuple[str, str]]:
    return {(ld, s) for _, ld, _, s, _ in found}


def test_postponed_with_the_object_before_indefinitely(contacts):
    found = contacts("Kamala Harris postponed her talks with Erdogan indefinitely.", "2024-09-18")
    assert _statuses(found) == {("Recep Tayyip Erdoğan", "cancelled")}


def test_backed_out_of_a_scheduled_call(contacts):
    found = contacts("Trump backed out of a scheduled phone call with Macron.", "2024-09-18")
    assert {(ld, k, s) for _, ld, k, s, _ in found} == {("Emmanuel Macron", "call", "cancelled")}


def test_next_sentence_opening_on_the_trip_cancels_the_plan(contacts):
    text = "Trump was due to see Orban in Budapest next week. The trip has since been scrapped."
    assert _statuses(contacts(text, "2024-09-18")) == {("Viktor Orbán", "cancelled")}


def test_next_sentence_cancelling_another_leaders_meeting_keeps_the_plan(contacts):
    text = "Trump will meet Orban next week. The meeting with Erdogan was called off."
    assert ("Viktor Orbán", "planned") in _statuses(contacts(text, "2024-09-18"))
    assert ("Viktor Orbán", "cancelled") not in _statuses(contacts(text, "2024-09-18"))


def test_summit_between_the_two_scrapped(contacts):
    found = contacts("The summit between Trump and Kim Jong Un was scrapped.", "2019-05-01")
    assert _statuses(found) == {("Kim Jong Un", "cancelled")}


def test_owned_summit_is_a_meeting(contacts):
    found = contacts("Trump's summit with Kim Jong Un ended early in Hanoi.", "2019-03-01")
    assert _statuses(found) == {("Kim Jong Un", "occurred")}


def test_cancelled_other_trip_in_a_time_clause_does_not_cancel_the_meeting(contacts):
    found = contacts(
        "Trump met Orban in Budapest after a planned stop in Vienna was called off.", "2024-09-18"
    )
    assert _statuses(found) == {("Viktor Orbán", "occurred")}
    found = contacts("Trump phoned Macron after cancelling a trip to Paris.", "2024-09-18")
    assert _statuses(found) == {("Emmanuel Macron", "occurred")}


# ------------------------------------------------------------- negation and denial


def test_negation_carries_across_and_no_plans(contacts):
    assert contacts("Kamala Harris has never spoken to Putin and has no plans to.", "2024-09-18") == set()
    assert (
        contacts("Trump has no intention of meeting Erdogan and has never called him.", "2024-09-18") == set()
    )


def test_own_denial_is_no_contact(contacts):
    assert contacts("Kamala Harris denied ever speaking with Putin.", "2024-09-18") == set()
    assert contacts("Trump denies having met Orban since leaving office.", "2024-09-18") == set()
    assert contacts("Trump's campaign denied that he had talked to Netanyahu.", "2024-09-18") == set()


def test_denying_a_third_partys_report_is_alleged(contacts):
    found = contacts("Trump dismissed reports that he had spoken with Putin several times.", "2024-09-18")
    assert _statuses(found) == {("Vladimir Putin", "alleged")}
    found = contacts("A new book says Trump phoned Putin; Trump denied ever speaking with him.", "2024-09-18")
    assert _statuses(found) == {("Vladimir Putin", "alleged")}


def test_met_one_and_no_plans_to_meet_another(contacts):
    found = contacts("Trump met Orban on Monday and has no plans to meet Putin.", "2024-09-18")
    assert _statuses(found) == {("Viktor Orbán", "occurred")}


def test_met_one_and_will_meet_another(contacts):
    found = contacts("Trump met Orban on Monday and will meet Erdogan on Friday.", "2024-09-18")
    assert {(ld, s, d) for _, ld, _, s, d in found} == {
        ("Viktor Orbán", "occurred", "2024-09-16"),
        ("Recep Tayyip Erdoğan", "planned", "2024-09-20"),
    }


def test_never_met_but_will_meet(contacts):
    found = contacts("Trump has never met Zelensky but will see him on Friday.", "2024-09-18")
    assert {(ld, s) for _, ld, _, s, _ in found} == {("Volodymyr Zelenskyy", "planned")}
    assert contacts("Trump has never met Putin but would like to.", "2024-09-18") == set()


# ------------------------------------------- shared subjects, "the two" after a quote


def test_subject_of_a_verb_joined_after_another_verbs_object(contacts):
    text = "On Monday, Netanyahu briefed Biden at the White House and later sat down with Kamala Harris."
    found = contacts(text, "2024-09-18")
    assert {(c, ld, s, d) for c, ld, _, s, d in found} == {
        (HARRIS, "Benjamin Netanyahu", "occurred", "2024-09-16")
    }


def test_handing_over_a_plan_is_no_planning_word(contacts):
    text = "Zelensky handed his plan to Biden in the Oval Office and then met Kamala Harris."
    assert _statuses(contacts(text, "2024-09-18")) == {("Volodymyr Zelenskyy", "occurred")}


def test_plan_to_visit_is_still_a_plan(contacts):
    found = contacts("Trump announced his plan to visit Orban in Budapest.", "2024-09-18")
    assert _statuses(found) == {("Viktor Orbán", "planned")}


def test_the_two_reaches_back_over_a_long_quote(contacts):
    text = (
        "Kamala Harris met Zelensky at the White House on Thursday.\n\n"
        '"We stand with Ukraine," she said. "Our support will not waver. '
        'We will not abandon our friends. Nor will we forget the sacrifices." '
        "She did not name Trump. The two last met in June, at a summit in Switzerland."
    )
    found = contacts(text, "2024-09-27")
    assert (HARRIS, "Volodymyr Zelenskyy", "meeting", "occurred", "2024-06") in found


def test_our_country_in_a_quote_is_no_participant(contacts):
    text = 'Kamala Harris spoke after the talks. "Zelensky has met many people in our country," she said.'
    assert contacts(text, "2024-09-18") == set()


# -------------------------------- a bare "the prime minister", venues, an office's owner


def test_bare_prime_minister_is_the_one_the_story_named(contacts):
    text = "Hungary's Viktor Orban flew to Florida on Thursday. In March the prime minister had been a guest at Mar-a-Lago, where Trump praised him."
    found = contacts(text, "2024-07-12")
    assert (TRUMP, "Viktor Orbán", "meeting", "occurred", "2024-03") in found


def test_bare_chancellor_with_two_chancellors_named(contacts):
    text = (
        "Austria's Nehammer and Germany's Olaf Scholz both attended. "
        "Kamala Harris later phoned the chancellor about Ukraine."
    )
    found = contacts(text, "2024-06-20")
    assert {(ld, k) for _, ld, k, _, _ in found} == {("Olaf Scholz", "call")}


def test_bare_prime_minister_with_none_named_gives_nothing(contacts):
    assert contacts("Trump met the prime minister on Friday.", "2024-09-18") == set()


def test_a_venue_on_the_way_is_no_subject(contacts):
    found = contacts("Orban will fly to Mar-a-Lago next month to see Trump.", "2024-09-18")
    assert _statuses(found) == {("Viktor Orbán", "planned")}


def test_an_office_as_institution_takes_no_part(contacts):
    text = "Kamala Harris received an opposition leader at the White House, a visit that angered Netanyahu's office."
    assert contacts(text, "2024-09-18") == set()
    found = contacts("Kamala Harris held talks at Netanyahu's office in Jerusalem.", "2024-09-18")
    assert _statuses(found) == {("Benjamin Netanyahu", "occurred")}


# ------------------------------------------------ shared surnames with a qualifier


def test_country_possessive_settles_a_shared_surname(contacts):
    found = contacts("Kamala Harris had lunch with Spain's Sanchez in Madrid.", "2024-09-18")
    assert _leaders(found) == {"Pedro Sánchez"}


def test_title_settles_a_shared_surname(contacts):
    found = contacts("Trump will meet President Yoon in Seoul next month.", "2024-09-18")
    assert _statuses(found) == {("Yoon Suk Yeol", "planned")}


def test_bare_shared_surname_or_wrong_title_stays_open(contacts):
    assert contacts("Trump met Yoon on Monday.", "2024-09-18") == set()
    assert contacts("Trump met King Sanchez on Monday.", "2024-09-18") == set()


# ------------------------------------------------ more verbs of meeting and writing


def test_sent_the_candidate_a_letter(contacts):
    found = contacts("Erdogan sent Trump a handwritten letter after the election.", "2024-11-20")
    assert {(ld, k) for _, ld, k, _, _ in found} == {("Recep Tayyip Erdoğan", "message")}


def test_a_letter_about_a_leader_is_no_contact(contacts):
    assert contacts("Trump sent Congress a letter about Erdogan.", "2024-09-18") == set()
    assert contacts("Kamala Harris wrote a letter regarding Netanyahu.", "2024-09-18") == set()


def test_joined_for_dinner_and_spent_time_with(contacts):
    found = contacts("Milei joined Trump for dinner at Mar-a-Lago on Thursday.", "2024-11-16")
    assert found == {(TRUMP, "Javier Milei", "meeting", "occurred", "2024-11-14")}
    found = contacts("Trump spent Saturday afternoon with Milei in Florida.", "2024-11-20")
    assert found == {(TRUMP, "Javier Milei", "meeting", "occurred", "2024-11-16")}
    found = contacts("Trump and Milei spent nearly an hour together on Thursday.", "2024-11-16")
    assert _statuses(found) == {("Javier Milei", "occurred")}


def test_joined_in_a_cause_or_time_with_others_is_no_contact(contacts):
    assert contacts("Milei joined Trump in attacking the press.", "2024-11-16") == set()
    assert contacts("Trump spent the evening with donors while Milei watched.", "2024-11-16") == set()


def test_first_foreign_visitor_and_expected_at_a_venue(contacts):
    found = contacts("Milei was Trump's first foreign visitor after the election.", "2024-11-16")
    assert _statuses(found) == {("Javier Milei", "occurred")}
    found = contacts("Trump praised Milei. Milei is expected at Mar-a-Lago next week.", "2024-11-16")
    assert _statuses(found) == {("Javier Milei", "planned")}


# ------------------------------ words said to a leader at a meeting or on a call


def test_thanked_during_a_call_is_a_call(contacts):
    found = contacts("Marcos thanked Kamala Harris during a phone call on Tuesday.", "2024-09-18")
    assert found == {(HARRIS, "Bongbong Marcos", "call", "occurred", "2024-09-17")}


def test_congratulated_by_phone_is_a_call(contacts):
    found = contacts("Kamala Harris congratulated Marcos on his victory by phone on Tuesday.", "2024-09-18")
    assert {(ld, k, s) for _, ld, k, s, _ in found} == {("Bongbong Marcos", "call", "occurred")}


def test_told_during_a_meeting_is_a_meeting(contacts):
    found = contacts("Trump assured Duda at a dinner on Wednesday that support would continue.", "2024-09-20")
    assert found == {(TRUMP, "Andrzej Duda", "meeting", "occurred", "2024-09-18")}


def test_said_to_a_leader_at_someone_elses_meeting_is_no_contact(contacts):
    assert contacts("Trump thanked Zelensky during a meeting with Republicans.", "2024-09-18") == set()
    assert contacts("Kamala Harris praised Marcos in a speech on Tuesday.", "2024-09-18") == set()


def test_a_call_on_a_weekday_is_no_visit(contacts):
    found = contacts("Trump and Modi held a call on Tuesday.", "2024-09-18")
    assert found == {(TRUMP, "Narendra Modi", "call", "occurred", "2024-09-17")}
    found = contacts("Trump will call on Modi in Delhi next week.", "2024-09-18")
    assert {(k, s) for _, _, k, s, _ in found} == {("meeting", "planned")}


def test_discussed_with_and_other_new_verbs(contacts):
    found = contacts("Kamala Harris discussed maritime security with Marcos on Tuesday.", "2024-09-18")
    assert _statuses(found) == {("Bongbong Marcos", "occurred")}
    found = contacts("Trump played golf with Abe at Mar-a-Lago in February 2017.", "2017-03-01")
    assert found == {(TRUMP, "Shinzo Abe", "meeting", "occurred", "2017-02")}
    found = contacts("Trump entertained Duda at Trump Tower on Wednesday.", "2024-04-20")
    assert _statuses(found) == {("Andrzej Duda", "occurred")}


def test_new_planning_words(contacts):
    found = contacts("Trump is slated to host Orban on Friday.", "2024-09-18")
    assert _statuses(found) == {("Viktor Orbán", "planned")}
    found = contacts("A meeting between Trump and Erdogan is in the works.", "2024-09-18")
    assert _statuses(found) == {("Recep Tayyip Erdoğan", "planned")}


# ------------------------------------------------------- dates of coordinated verbs


def test_second_verb_takes_the_date_after_it(contacts):
    text = (
        "Trump and Erdogan spoke by phone in June and met in person while Trump was still in office, "
        "on the sidelines of a summit in Osaka in 2019."
    )
    found = contacts(text, "2024-09-18")
    assert {(k, d) for _, _, k, _, d in found} == {("call", "2024-06"), ("meeting", "2019")}


def test_date_before_a_single_verb_still_counts(contacts):
    found = contacts(
        "In June, Trump met Erdogan at a summit that was held far from the capital in a resort.", "2024-09-18"
    )
    assert {(k, d) for _, _, k, _, d in found} == {("meeting", "2024-06")}


# ------------------------------------------------------------ more date phrases


def _date_of(contacts, text: str, published: str = "2024-09-18") -> set[str | None]:
    return {d for *_, d in contacts(text, published)}


def test_season_of_a_year_is_that_year(contacts):
    assert _date_of(contacts, "Trump met Orban in the summer of 2022 at Bedminster.") == {"2022"}
    assert _date_of(contacts, "Trump hosted Orban in spring 2019.") == {"2019"}


def test_weekend_and_parts_of_a_month(contacts):
    # published on Wednesday 2 October 2024: the weekend before was in September
    assert _date_of(contacts, "Trump met Orban over the weekend.", "2024-10-02") == {"2024-09"}
    assert _date_of(contacts, "Trump will meet Orban over the weekend.", "2024-10-02") == {"2024-10"}
    assert _date_of(contacts, "Trump met Orban at the start of the month.", "2024-10-20") == {"2024-10"}


def test_plans_some_days_or_weeks_ahead(contacts):
    assert _date_of(contacts, "Trump will meet Orban in two weeks.", "2024-09-25") == {"2024-10"}
    assert _date_of(contacts, "Trump will meet Orban in three days.", "2024-09-18") == {"2024-09-21"}
    assert _date_of(contacts, "Trump will meet Orban the week after next.", "2024-09-25") == {"2024-10"}


def test_a_span_is_no_date_for_what_happened(contacts):
    assert _date_of(contacts, "Trump met Orban twice in two weeks.") == {None}


def test_the_day_before_yesterday(contacts):
    assert _date_of(contacts, "Trump met Orban the day before yesterday.") == {"2024-09-16"}


# ------------------------------------------------------------- more status words


def test_a_memoir_says_is_alleged(contacts):
    found = contacts("A forthcoming memoir says Trump met Putin privately in 2018.", "2024-09-18")
    assert _statuses(found) == {("Vladimir Putin", "alleged")}


def test_hoped_then_did_not_materialise_is_cancelled(contacts):
    text = "Kamala Harris had hoped to meet Modi in New York, but the meeting never materialized."
    assert _statuses(contacts(text, "2024-09-18")) == {("Narendra Modi", "cancelled")}
    # a hope alone is no contact
    assert contacts("Kamala Harris had hoped to meet Modi in New York.", "2024-09-18") == set()


def test_skipped_a_planned_meeting_is_cancelled(contacts):
    found = contacts("Kamala Harris skipped a scheduled meeting with Netanyahu.", "2024-09-18")
    assert _statuses(found) == {("Benjamin Netanyahu", "cancelled")}


def test_a_possible_meeting_is_planned(contacts):
    found = contacts("Aides said a meeting between Trump and Modi remained possible.", "2024-09-18")
    assert _statuses(found) == {("Narendra Modi", "planned")}


def test_invited_to_visit_a_venue_is_only_planned(contacts):
    found = contacts("Trump invited Modi to visit Mar-a-Lago, though no date was set.", "2024-09-18")
    assert _statuses(found) == {("Narendra Modi", "planned")}


def test_what_is_discussed_or_whose_envoy_is_asked_takes_no_part(contacts):
    assert (
        contacts("Trump and his aides discussed Putin at length with the Russian envoy.", "2024-09-18")
        == set()
    )
    text = "Trump asked Netanyahu's ambassador during a meeting on Tuesday about the war."
    assert contacts(text, "2024-09-18") == set()


# -------------------------------------------------- "the Trump-Modi meeting", thanks


def test_hyphenated_pair_before_an_event_noun(contacts):
    found = contacts("The Trump-Modi meeting in Houston on Sunday drew a large crowd.", "2024-09-18")
    assert found == {(TRUMP, "Narendra Modi", "meeting", "occurred", "2024-09-15")}
    found = contacts("Aides called the Kamala Harris\u2013Netanyahu talks frank.", "2024-07-27")
    assert _statuses(found) == {("Benjamin Netanyahu", "occurred")}


def test_hyphenated_pair_of_others_gives_no_contact(contacts):
    text = "Trump criticised the Biden-Netanyahu meeting in the Oval Office on Sunday."
    assert contacts(text, "2024-09-18") == set()


def test_thanked_for_the_call_or_the_meeting(contacts):
    found = contacts("Zelensky thanked Trump for the call on Friday.", "2024-09-18")
    assert found == {(TRUMP, "Volodymyr Zelenskyy", "call", "occurred", "2024-09-13")}
    found = contacts("Duda thanked Trump for his hospitality at Trump Tower.", "2024-09-18")
    assert _statuses(found) == {("Andrzej Duda", "occurred")}
    assert ("Andrzej Duda", "occurred") not in _statuses(
        contacts("Trump asked Duda for a meeting next month.", "2024-09-18")
    )


# ------------------------------------------------ translated, verb-final word order


def test_fronted_with_before_a_final_verb(contacts):
    found = contacts(
        "With Trump Donald the prime minister Orban Viktor met on Thursday in Florida.", "2024-07-12"
    )
    assert found == {(TRUMP, "Viktor Orbán", "meeting", "occurred", "2024-07-11")}
    found = contacts("Trump has with Orban at Mar-a-Lago dined.", "2024-07-12")
    assert _statuses(found) == {("Viktor Orbán", "occurred")}


def test_with_someone_absent_is_no_contact(contacts):
    assert contacts("With Trump absent, Orban dined in Florida.", "2024-07-12") == set()


def test_the_call_took_place_between_them(contacts):
    found = contacts(
        "On Monday the telephone conversation took place between Erdogan and Trump.", "2024-09-18"
    )
    assert found == {(TRUMP, "Recep Tayyip Erdoğan", "call", "occurred", "2024-09-16")}
