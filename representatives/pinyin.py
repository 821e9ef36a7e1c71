"""How staff type a name they are looking for: its pinyin initials, in every reading.

pypinyin reads a name as ordinary words, so a polyphonic surname comes out in its common
reading (曾庆林 → cql, where the surname 曾 is zēng). pypinyin has no surname mode (its
issues #120 and #297), so the surnames that read differently as surnames are listed here
(the first letter of their surname reading); every other reading pypinyin knows of each
character (heteronym=True) is indexed too, so a name is found however it is read:
曾庆林 is "zql cql", and both zql and cql find it.
"""

import itertools

from pypinyin import Style, lazy_pinyin, pinyin

# Surnames read as surnames, by the first letter of their reading there. The compound
# surnames first (a name starting with one reads its two characters so).
COMPOUND_SURNAMES = {
    "万俟": "mq", "尉迟": "yc", "单于": "cy", "长孙": "zs", "澹台": "tt", "令狐": "lh",
    "乐正": "yz", "仉督": "zd", "子车": "zj", "亓官": "qg",
}  # fmt: skip
SURNAMES = {
    "曾": "z", "单": "s", "解": "x", "仇": "q", "朴": "p", "区": "o", "查": "z", "覃": "q",
    "乐": "y", "盖": "g", "缪": "m", "种": "c", "重": "c", "秘": "b", "繁": "p", "员": "y",
    "翟": "z", "都": "d", "六": "l", "薄": "b", "居": "j", "柏": "b", "燕": "y", "华": "h",
    "宿": "s", "藏": "z", "折": "s", "召": "s", "阚": "k", "冼": "x", "贾": "j", "石": "s",
    "沈": "s", "殷": "y", "过": "g", "纪": "j", "那": "n", "难": "n", "粘": "n", "隗": "w",
    "尉": "y", "句": "g", "汤": "t", "卜": "b", "叶": "y", "蕃": "p", "枞": "z", "能": "n",
    "黑": "h", "洗": "x", "谌": "c", "恽": "y", "郇": "h", "眭": "s", "牟": "m", "莘": "s",
}  # fmt: skip
# A name has at most this many readings indexed (a name of many polyphonic characters
# would have hundreds): the one it most likely has first, then those closest to it.
MOST_READINGS = 16
LONGEST = 255  # the field that holds them


def readings(name):
    """The pinyin initials of `name` in every reading, the likeliest first: 曾庆林 →
    ["zql", "cql"]. Letters and digits that are not Chinese stay as typed (lower case);
    the rest (the · of 买买提·艾力, spaces) is left out."""
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    given = name[len(surname) :]
    # The likeliest reading: the surname as a surname, the given name as words (pypinyin's
    # phrases choose the reading of its characters).
    likely = list(COMPOUND_SURNAMES.get(surname) or SURNAMES.get(surname) or first_letters(surname))
    likely += first_letters(given)
    every = pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors=list)
    letters = [
        list(dict.fromkeys(letter.lower() for letter in [first, *choices]))
        for first, choices in zip(likely, every, strict=True)
        if first.isalnum()
    ]
    if not letters:
        return []
    found = []
    # Those closest to the likeliest first: one character read otherwise, then two …
    for changed in range(len(letters) + 1):
        for positions in itertools.combinations(range(len(letters)), changed):
            choices = [
                options[1:] if index in positions else options[:1]
                for index, options in enumerate(letters)
            ]
            for combination in itertools.product(*choices):
                found.append("".join(combination))
                if len(found) == MOST_READINGS:
                    return found
    return found


def first_letters(text):
    return lazy_pinyin(text, style=Style.FIRST_LETTER, errors=list)


def pinyin_initials(name):
    """What a deputy's `initials` hold: their readings, the likeliest first, one space
    between (吴静波 → "wjb tjb", 曾庆林 → "zql cql"). Sorting by it sorts by the likeliest."""
    kept = []
    for reading in readings(name):
        if len(" ".join([*kept, reading])) > LONGEST:
            break
        kept.append(reading)
    return " ".join(kept)
