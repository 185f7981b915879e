"""`zoneinvest synth`: a deterministic synthetic data set that the pipeline itself would accept."""

import datetime as dt
import hashlib
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from tests.factories.core import ZoneFactory
from tests.factories.pipeline import ProjectFactory
from zoneinvest.accounts.models import Membership
from zoneinvest.consultants.models import Referral
from zoneinvest.core.audit import audit_record
from zoneinvest.core.models import AuditEvent, Zone
from zoneinvest.demo.synth import PREFIX, SynthConflict, SynthSize, synth_generate
from zoneinvest.events.ledger import LedgerLine, counted_amounts
from zoneinvest.events.models import Signing
from zoneinvest.pipeline.models import Activity, Company, Project, StageChange, Task
from zoneinvest.pipeline.services import _check_project_edit, project_missing_fields
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage, is_allowed, road_index

AS_OF = dt.date(2026, 6, 30)
SMALL = SynthSize(
    zones=3, companies=60, projects=600, activities=3_000, seed=7, consultants=6, as_of=AS_OF
)
SIGNED_OR_LATER = MAIN_ROAD[road_index(Stage.SIGNED) :]


def _checksum() -> str:
    """A digest of a few columns of every table, independent of the primary keys."""
    parts = [
        Company.objects.values_list("zone__code", "name", "country", "fortune_global_500_rank"),
        Project.objects.values_list(
            "zone__code",
            "title_en",
            "stage",
            "currency",
            "total_investment",
            "signing_date",
            "company__name",
            "owner__username",
            "chain__code",
        ),
        StageChange.objects.values_list("project__title_en", "to_stage", "at"),
        Signing.objects.values_list("project__title_en", "date", "amount", "counted_amount"),
        Activity.objects.values_list("zone__code", "kind", "date", "company__name", "by__username"),
    ]
    digest = hashlib.sha256()
    for rows in parts:
        digest.update(repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()


def _signed(project: Project) -> bool:
    reached = project.held_from_stage if project.stage == Stage.ON_HOLD else project.stage
    return reached in SIGNED_OR_LATER


def test_it_writes_the_requested_numbers_of_rows(db):
    result = synth_generate(size=SMALL)

    assert Zone.objects.filter(code__startswith=PREFIX).count() == 3
    assert Company.objects.count() == 60
    assert Project.objects.count() == 600
    assert Activity.objects.count() == 3_000
    assert result.counts["projects"] == 600
    signed = sum(1 for p in Project.objects.all() if _signed(p))
    assert Signing.objects.filter(first_signing=True).count() == signed
    assert Signing.objects.count() == round(signed * 1.08)
    assert not Project.objects.filter(stage_changes__isnull=True).exists()
    assert Referral.objects.exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    synth_generate(size=SMALL)
    first = _checksum()

    synth_generate(size=SMALL, replace=True)
    again = _checksum()
    synth_generate(size=SynthSize(**{**SMALL.__dict__, "seed": 8}), replace=True)

    assert again == first
    assert _checksum() != first
    assert Project.objects.count() == 600


def test_every_project_passes_the_pipelines_own_checks_for_its_stage(db):
    synth_generate(size=SMALL)

    for project in Project.objects.select_related("zone", "company", "chain")[::7]:
        stage_now = project.held_from_stage if project.stage == Stage.ON_HOLD else project.stage
        assert project_missing_fields(project, stage_now) == [], project.stage
        _check_project_edit(project)  # what project_update runs: fields, zone, owner, stage
    for company in Company.objects.all()[::5]:
        company.full_clean()


def test_each_projects_history_walks_the_road_to_its_stage(db):
    synth_generate(size=SMALL)

    histories: dict[int, list[StageChange]] = {}
    for change in StageChange.objects.order_by("project_id", "at", "id"):
        histories.setdefault(change.project_id, []).append(change)
    for project in Project.objects.all():
        history = histories[project.pk]
        assert (history[0].from_stage, history[0].to_stage) == ("", Stage.LEAD)
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_stage == before.to_stage
            assert is_allowed(after.from_stage, after.to_stage)
        assert history[-1].to_stage == project.stage
        assert history[-1].at == project.stage_changed_at
        assert project.version == len(history)


def test_signings_belong_to_signed_projects_and_count_once(db):
    synth_generate(size=SMALL)

    for project in Project.objects.prefetch_related("signings"):
        signings = list(project.signings.all())
        assert bool(signings) == _signed(project)
        if not signings:
            continue
        first = [s for s in signings if s.first_signing]
        assert len(first) == 1
        assert first[0].date == project.signing_date
        assert all(s.date >= project.signing_date for s in signings)
        lines = [LedgerLine(s.pk, s.date, s.kind, s.amount, s.currency) for s in signings]
        counted = counted_amounts(lines, lambda money, _currency, _day: money)
        assert {s.pk: s.counted_amount for s in signings} == counted


def test_the_stages_form_a_funnel(db):
    synth_generate(size=SMALL)

    counts = Counter(Project.objects.values_list("stage", flat=True))
    road = [counts[stage] for stage in MAIN_ROAD]
    assert road == sorted(road, reverse=True)
    assert road[0] > 0.35 * 600
    assert counts[Stage.ON_HOLD] > 0
    assert counts[Stage.LOST] > 0


def test_each_zone_refers_only_to_its_own_rows(db):
    synth_generate(size=SMALL)

    projects = Project.objects
    assert not projects.filter(company__isnull=False).exclude(company__zone=F("zone")).exists()
    assert not projects.filter(chain__isnull=False).exclude(chain__zone=F("zone")).exists()
    assert not projects.filter(link__isnull=False).exclude(link__chain_id=F("chain_id")).exists()
    assert not projects.filter(park__isnull=False).exclude(park__zone=F("zone")).exists()
    owners = set(projects.values_list("zone_id", "owner_id").distinct())
    assert owners <= set(Membership.objects.values_list("zone_id", "user_id"))
    assert not Company.objects.filter(chain__isnull=False).exclude(chain__zone=F("zone")).exists()
    assert not Activity.objects.exclude(company__zone=F("zone")).exists()
    assert (
        not Activity.objects.filter(project__isnull=False)
        .exclude(Q(project__zone=F("zone")) & Q(project__company_id=F("company_id")))
        .exists()
    )
    assert not Signing.objects.filter(event__isnull=False).exclude(event__zone=F("zone")).exists()
    assert not Signing.objects.exclude(project__zone=F("zone")).exists()
    assert not StageChange.objects.exclude(project__zone=F("zone")).exists()
    assert not Referral.objects.exclude(consultant__zone=F("zone")).exists()
    assert not Referral.objects.exclude(company__zone=F("zone")).exists()
    per_zone = Zone.objects.annotate(n=Count("industrychain")).values_list("n", flat=True)
    assert all(3 <= n <= 5 for n in per_zone)


def test_the_command_refuses_a_second_run_without_replace_and_replaces_only_synthetic_zones(
    db, capsys
):
    other = ProjectFactory(zone=ZoneFactory(code="liangjiang"))
    args = ["--zones", "2", "--companies", "20", "--projects", "100", "--activities", "200"]
    call_command("synth", *args, "--as-of", "2026-06-30")
    out = capsys.readouterr().out
    assert "projects" in out
    assert "activities" in out

    with pytest.raises(CommandError, match="--replace"):
        call_command("synth", *args)
    synthetic = Project.objects.filter(zone__code__startswith=PREFIX, owner__isnull=False).first()
    Task.objects.create(  # added by a user since: it goes with its zone
        zone=synthetic.zone,
        project=synthetic,
        title="Call back",
        due_date=AS_OF,
        assignee=synthetic.owner,
    )
    call_command("synth", *args, "--seed", "2", "--replace")

    assert Zone.objects.filter(code__startswith=PREFIX).count() == 2
    assert Project.objects.filter(zone__code__startswith=PREFIX).count() == 100
    assert Project.objects.filter(pk=other.pk).exists()
    assert not Task.objects.exists()


def test_synthetic_zones_someone_worked_in_are_not_replaced(db):
    args = ["--zones", "1", "--companies", "10", "--projects", "20", "--activities", "20"]
    call_command("synth", *args, "--as-of", "2026-06-30")
    zone = Zone.objects.get(code__startswith=PREFIX)
    audit_record(actor=None, verb="test.worked", obj=zone, zone=zone, changes={})

    with pytest.raises(CommandError, match="append-only"):
        call_command("synth", *args, "--replace")

    assert Zone.objects.filter(pk=zone.pk).exists()
    assert AuditEvent.objects.filter(zone=zone).count() == 1


def test_too_few_signings_for_the_signed_projects_are_refused(db):
    with pytest.raises(SynthConflict, match="at least"):
        synth_generate(size=SynthSize(**{**SMALL.__dict__, "signings": 1}))

    assert not Zone.objects.exists()
