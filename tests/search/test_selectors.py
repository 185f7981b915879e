"""Search: both languages, ranking, scope, and entries kept in step (SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories.core import ZoneFactory
from tests.factories.pipeline import ProjectFactory
from zoneinvest.core.bulk import fast_insert
from zoneinvest.pipeline.models import Project
from zoneinvest.search import backends, services
from zoneinvest.search.models import SearchEntry, SearchKind
from zoneinvest.search.selectors import public_search, search


def found(user, q, **kw) -> list[tuple[str, int]]:
    return [(e.kind, e.object_id) for e in search(user=user, q=q, **kw)]


def ids(user, q, kind=SearchKind.PROJECT) -> set[int]:
    return {e.object_id for e in search(user=user, q=q, kinds=[kind])}


def test_a_chinese_word_finds_the_projects_whose_chinese_title_has_it(world, records):
    assert ids(world.director, "电池") == {
        records["chinese"].pk,
        records["english"].pk,
        records["secret"].pk,
    }


def test_an_english_prefix_finds_while_typing(world, records):
    assert ids(world.director, "battery stor") == {records["english"].pk}
    assert ids(world.director, "BATT") >= {records["english"].pk, records["english_only"].pk}


def test_every_word_must_match(world, records):
    assert ids(world.director, "battery recycling") == {records["english_only"].pk}
    assert ids(world.director, "电池 回收") == set()
    assert ids(world.director, "电池储能") == {records["chinese"].pk, records["english"].pk}


def test_a_title_match_ranks_above_a_description_match(world, records):
    results = found(world.officer, "battery plant", kinds=[SearchKind.PROJECT])
    assert results.index((SearchKind.PROJECT, records["english"].pk)) < results.index(
        (SearchKind.PROJECT, records["described"].pk)
    )


def test_companies_policies_and_stories_are_found(world, records):
    results = found(world.director, "宁德")
    assert (SearchKind.COMPANY, records["company"].pk) in results
    kinds = {kind for kind, _ in found(world.director, "battery")}
    assert kinds == {SearchKind.PROJECT, SearchKind.POLICY, SearchKind.STORY}


def test_an_outsider_finds_nothing_of_another_zone(world, records):
    assert found(world.outsider, "battery") == [(SearchKind.PROJECT, records["elsewhere"].pk)]
    assert found(world.consultant, "battery") == []


def test_an_officer_does_not_find_another_officers_confidential_project(world, records):
    assert records["secret"].pk not in ids(world.officer, "battery")
    assert records["secret"].pk in ids(world.officer2, "battery")
    assert records["secret"].pk in ids(world.director, "battery")


def test_the_platform_admin_finds_every_zone(world, records):
    assert records["elsewhere"].pk in ids(world.admin, "battery")


def test_drafts_are_for_staff_and_stories_drafts_for_editors(world, records):
    assert records["draft_policy"].pk in ids(world.officer, "battery", SearchKind.POLICY)
    assert records["draft_story"].pk not in ids(world.officer, "battery", SearchKind.STORY)
    assert records["draft_story"].pk in ids(world.editor, "battery", SearchKind.STORY)
    assert ids(world.editor, "battery", SearchKind.PROJECT) == set()  # not a pipeline reader


def test_the_public_search_has_only_published_policies_and_stories(world, records):
    results = {(e.kind, e.object_id) for e in public_search(zone=world.zone, q="battery")}
    assert results == {
        (SearchKind.POLICY, records["policy"].pk),
        (SearchKind.STORY, records["story"].pk),
    }


def test_edits_and_deletes_follow(world, records):
    project = records["english_only"]
    project.title_zh_hans = "电池回收"
    project.confidential = True
    project.save()
    assert project.pk in ids(world.officer, "电池 回收")
    assert project.pk not in ids(world.officer2, "电池 回收")
    project.delete()
    assert not SearchEntry.objects.filter(kind=SearchKind.PROJECT, object_id=project.pk).exists()
    assert ids(world.director, "电池 回收") == set()


def test_reindex_finds_what_a_bulk_insert_put_in(world):
    zone = world.zone
    row = {
        "zone_id": zone.pk,
        "title_en": "Hydrogen fuel cells",
        "title_zh_hans": "氢燃料电池",
        "title": "Hydrogen fuel cells",
        "owner_id": world.officer.pk,
    }
    [pk] = fast_insert(Project, [_project_row(row)])
    assert ids(world.officer, "hydrogen") == set()
    assert services.reindex(zone=zone, kinds=[SearchKind.PROJECT], ids=[pk]) == 1
    assert ids(world.officer, "hydrogen") == {pk}
    assert ids(world.officer, "燃料电池") == {pk}
    services.reindex()  # everything, again: the same entries, once each
    assert ids(world.officer, "hydrogen") == {pk}
    assert SearchEntry.objects.filter(kind=SearchKind.PROJECT, object_id=pk).count() == 1


def _entries() -> list[tuple]:
    columns = [f.attname for f in SearchEntry._meta.concrete_fields if f.attname != "id"]
    return sorted(SearchEntry.objects.values_list(*columns))


def test_reindex_writes_the_same_entries_the_saves_wrote(world, records, monkeypatch):
    written_by_saves = _entries()
    monkeypatch.setattr(services, "BATCH", 3)  # several batches a kind, through the writer
    assert services.reindex() == len(written_by_saves)
    assert _entries() == written_by_saves
    assert len({kind for _, kind, *_ in written_by_saves}) == 4
    assert ids(world.director, "电池") == {
        records["chinese"].pk,
        records["english"].pk,
        records["secret"].pk,
    }


def _project_row(values: dict) -> dict:
    template = ProjectFactory.build(zone=ZoneFactory.build(), company=None)
    row = {
        f.attname: getattr(template, f.attname)
        for f in Project._meta.concrete_fields
        if f.attname not in ("id", "zone_id", "company_id")
    }
    row.update(values)
    row.update(company_id=None, created_at=timezone.now(), updated_at=timezone.now())
    return row


def test_a_search_is_one_query_however_many_results(world, records, django_assert_num_queries):
    search(user=world.officer, q="x")  # the user's zones are read once per request
    for q in ("battery", "电池", "nothing-matches"):
        with django_assert_num_queries(1):
            search(user=world.officer, q=q)


def test_an_empty_query_asks_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search(user=world.officer, q=" ,, ") == []


def test_the_index_is_the_database_s_own(world, records):
    # The full-text objects the migration made for this database are there.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'search_entry_document'"
            )
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search_fts'")
        assert cursor.fetchone()[0] == 1


def test_one_or_two_letters_find_only_that_word_not_every_word_they_start(world, records):
    assert ids(world.director, "ba") == set()
    assert ids(world.director, "b") == set()
    assert ids(world.director, "bat") >= {records["english"].pk, records["english_only"].pk}


def test_one_chinese_character_is_a_word_and_two_a_prefix(world):
    project = ProjectFactory(zone=world.zone, title_zh_hans="新能源汽车工厂", owner=world.officer)
    assert ids(world.director, "新") == set()
    assert ids(world.director, "新能") == {project.pk}


def test_a_query_matching_more_than_the_candidates_ranks_only_those_in_scope(
    world, records, monkeypatch
):
    if connection.vendor != "postgresql":
        return  # SQLite's FTS5 ranks every match (bm25 over its own index): no cap there
    monkeypatch.setattr(backends, "CANDIDATES", 2)
    results = ids(world.officer, "battery")
    assert len(results) == 2
    assert results <= {records["english"].pk, records["english_only"].pk, records["described"].pk}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: its prepared statements"
)
def test_the_search_is_planned_for_its_words_never_prepared(world, records):
    """psycopg prepares a statement the fifth time it runs: the search's would then be planned
    once for any words, and a common word over every zone took 160-210 ms instead of 13."""
    raw = connection.connection
    threshold = raw.prepare_threshold
    assert threshold is not None  # the other queries are prepared (settings)
    for _ in range(threshold + 3):
        assert ids(world.admin, "battery") >= {records["elsewhere"].pk}
    assert raw.prepare_threshold == threshold
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert not [statement for statement in prepared if "ts_rank_cd" in statement]
    for _ in range(threshold + 1):  # while any other statement still is
        SearchEntry.objects.filter(kind=SearchKind.PROJECT).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] > 0
