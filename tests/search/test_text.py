from zoneinvest.search.text import query_tokens, terms, tokens


def test_english_is_lowercased_words_and_chinese_is_segmented():
    assert tokens("Battery-Storage Plant, 电池储能工厂") == [
        "battery",
        "storage",
        "plant",
        "电池",
        "储能",
        "工厂",
    ]


def test_search_mode_keeps_the_short_words_inside_a_long_one():
    assert {"能源", "新能源"} <= set(tokens("新能源汽车"))


def test_full_width_letters_and_accents_are_normalised():
    assert tokens("ＢＡＴＴＥＲＹ München") == ["battery", "münchen"]


def test_terms_join_every_text():
    assert terms("Battery", None, "电池") == "battery 电池"


def test_the_last_word_is_a_prefix_while_typing():
    assert query_tokens("battery stor") == (["battery", "stor"], True)
    assert query_tokens("battery stor ") == (["battery", "stor"], False)
    assert query_tokens("  ") == ([], False)


def test_query_words_are_distinct():
    assert query_tokens("battery Battery plant")[0] == ["battery", "plant"]


def test_a_last_word_too_short_to_be_a_prefix_is_a_whole_word():
    assert query_tokens("a") == (["a"], False)
    assert query_tokens("battery ba") == (["battery", "ba"], False)
    assert query_tokens("bat") == (["bat"], True)


def test_a_chinese_character_counts_two_towards_a_prefix():
    assert query_tokens("电") == (["电"], False)
    assert query_tokens("电池") == (["电池"], True)
