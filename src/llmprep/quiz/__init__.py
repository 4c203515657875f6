"""The quiz: choosing cards, grading typed answers, scheduling with FSRS, and the terminal session.

`engine` holds the session logic and knows no I/O; `terminal` reads keys and lines; `view` draws
with Rich; `grading` and `scheduling` are pure functions of their inputs.
"""
