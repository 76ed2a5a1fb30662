"""The embedded demo: a small news site and feed, written for leaderwatch, served on 127.0.0.1.

`make run` starts it so the product works end to end on a fresh machine with no
network. The stories are fictional demo content written for this project; the
leaders named are real office holders so that title resolution has something
real to resolve.
"""
