"""What the article's tests call a phrase said twice."""

import re
from collections import Counter
from itertools import pairwise

FILLERS = re.compile("有关|相关|具体|了|的|已|得到")


def repeated_phrases(text):
    """The phrases `text` says twice: a clause (between punctuation marks) written twice,
    or two clauses of one sentence saying the same thing (推动问题解决，推动有关问题解决),
    compared without the words that add nothing (有关, 相关, 了 …)."""
    said = []
    for sentence in re.split("[。！？\n]", text):
        clauses = [FILLERS.sub("", c) for c in re.split("[，；：、（）]", sentence)]
        said += [c for c in clauses if len(c) > 1]
        said += [
            f"{a} ≈ {b}"
            for a, b in pairwise(clauses)
            if len(a) > 3 and len(b) > 3 and (a in b or b in a)
        ]
    return [phrase for phrase, n in Counter(said).items() if n > 1 or "≈" in phrase]
