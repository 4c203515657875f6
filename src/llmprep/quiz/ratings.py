"""The four ratings of a review, numbered as FSRS numbers them, and their names.

Kept apart from `grading` so that showing a question does not load the grader (rapidfuzz, the
matching rules): the quiz imports the grader only when the first answer is graded.
"""

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
