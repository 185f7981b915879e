"""Every write to the pipeline: one transaction each, validated, versioned and audited."""

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from zoneinvest.accounts.models import PIPELINE_WRITERS, Membership, User
from zoneinvest.core.audit import audit_record, diff, snapshot
from zoneinvest.core.errors import DomainError, ValidationFailed
from zoneinvest.core.i18n import join_words
from zoneinvest.core.models import Zone
from zoneinvest.core.versioning import (
    ensure_current_version,
    lock_for_update,
    set_fields,
    validate_or_raise,
    versioned_edit,
)
from zoneinvest.pipeline.models import (
    Activity,
    CapitalArrival,
    Company,
    Contact,
    Project,
    Source,
    StageChange,
    Task,
    furthest_after,
)
from zoneinvest.pipeline.stages import (
    OPEN_STAGES,
    Stage,
    allowed_targets,
    fields_required_at,
)

COMPANY_FIELDS = (
    "name_en",
    "name_zh_hans",
    "country",
    "hq_city",
    "ownership",
    "fortune_global_500_rank",
    "chain",
    "link",
    "website",
    "listed",
)
CONTACT_FIELDS = ("name", "title", "email", "phone", "languages", "notes")
PROJECT_FIELDS = (
    "title_en",
    "title_zh_hans",
    "description_en",
    "description_zh_hans",
    "company",
    "sector",
    "chain",
    "link",
    "park",
    "currency",
    "total_investment",
    "fixed_asset_investment",
    "foreign_investment",
    "registered_capital",
    "contracted_amount",
    "expected_jobs",
    "expected_annual_output",
    "expected_annual_tax",
    "land_mu",
    "source",
    "owner",
    "confidential",
    "est_signing_date",
    "signing_date",
    "est_registration_date",
    "registration_date",
    "est_construction_date",
    "construction_date",
    "est_operation_date",
    "operation_date",
    "external_id",
    "illustrative",
)
# Fields written by the stage service only.
STAGE_FIELDS = ("stage", "stage_changed_at", "held_from_stage", "lost_reason", "lost_to")
AUDITED_PROJECT_FIELDS = (*PROJECT_FIELDS, *STAGE_FIELDS)

LEGAL_SUFFIXES = re.compile(
    r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|kg|se|sa|"
    r"sas|sarl|srl|spa|bv|nv|oy|ab|as|kk|pte|pty|group|holding|holdings)\b"
)
ZH_LEGAL_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)$")


class InvalidStageTransition(DomainError):
    code = "invalid_stage_transition"


class MissingStageFields(DomainError):
    code = "missing_stage_fields"


class DuplicateCompany(DomainError):
    code = "duplicate_company"


# ---------------------------------------------------------------- companies and contacts


def company_normalize_name(name: str) -> str:
    """ "Bosch GmbH", "BOSCH  g.m.b.h." and "Bosch" all become "bosch"."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = ZH_LEGAL_SUFFIXES.sub("", text)
    text = text.replace(".", "").replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = LEGAL_SUFFIXES.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def _name_for_matching(company: Company) -> str:
    return getattr(company, "name_en", "") or getattr(company, "name_zh_hans", "") or ""


def _refuse_duplicate(company: Company) -> None:
    twin = (
        Company.objects.filter(
            zone=company.zone,
            normalized_name=company.normalized_name,
            country=company.country,
            merged_into__isnull=True,
        )
        .exclude(pk=company.pk)
        .first()
    )
    if twin is not None:
        raise DuplicateCompany(
            gettext("%(name)s (%(country)s) is already recorded as “%(existing)s”.")
            % {
                "name": getattr(company, "name_en", ""),
                "country": company.country,
                "existing": twin.name,
            },
            details={"existing_id": twin.pk, "fields": {"name_en": [gettext("Duplicate.")]}},
        )


def _check_same_zone(zone: Zone, **related: Model | None) -> None:
    problems = {
        name: [gettext("Belongs to another zone.")]
        for name, obj in related.items()
        if obj is not None and getattr(obj, "zone_id", zone.pk) != zone.pk
    }
    if problems:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."), problems
        )


def _may_own(zone: Zone, user: User) -> bool:
    """Officers and directors of the zone own the projects they create; consultants never do."""
    return (
        user.role in PIPELINE_WRITERS and Membership.objects.filter(zone=zone, user=user).exists()
    )


def _check_owner_in_zone(zone: Zone, owner: User | None) -> None:
    if owner is None:
        return
    if not Membership.objects.filter(zone=zone, user=owner).exists():
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"owner": [gettext("%(user)s does not work in this zone.") % {"user": owner}]},
        )


@transaction.atomic
def company_create(*, zone: Zone, name_en: str, country: str, by: User, **fields: Any) -> Company:
    company = Company(zone=zone)
    set_fields(company, {"name_en": name_en, "country": country, **fields}, COMPANY_FIELDS)
    _check_company(company)
    company.save()
    audit_record(
        actor=by,
        verb="pipeline.company.created",
        obj=company,
        zone=zone,
        changes=diff({}, snapshot(company, COMPANY_FIELDS)),
    )
    return company


def _check_company(company: Company) -> None:
    _check_same_zone(company.zone, chain=company.chain)
    company.normalized_name = company_normalize_name(_name_for_matching(company))
    validate_or_raise(company, exclude=["normalized_name", "zone"])
    _refuse_duplicate(company)


@transaction.atomic
def company_update(*, company: Company, version: int | None, by: User, **fields: Any) -> Company:
    return versioned_edit(
        company,
        version=version,
        values=fields,
        allowed=COMPANY_FIELDS,
        audited=COMPANY_FIELDS,
        check=_check_company,
        by=by,
        verb="pipeline.company.updated",
    )


@transaction.atomic
def company_merge(*, survivor: Company, duplicate: Company, by: User) -> Company:
    """Move the duplicate's projects, contacts and activities to the survivor; keep its history."""
    if survivor.pk == duplicate.pk:
        raise DomainError(gettext("A company cannot be merged into itself."))
    if survivor.zone_id != duplicate.zone_id:
        raise DomainError(gettext("Only companies of the same zone can be merged."))
    if duplicate.merged_into_id is not None or survivor.merged_into_id is not None:
        raise DomainError(gettext("One of these companies has already been merged."))
    survivor = lock_for_update(survivor)
    duplicate = lock_for_update(duplicate)
    moved = {
        "projects": Project.objects.filter(company=duplicate).update(company=survivor),
        "contacts": Contact.objects.filter(company=duplicate).update(company=survivor),
        "activities": Activity.objects.filter(company=duplicate).update(company=survivor),
    }
    duplicate.merged_into = survivor
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "version", "updated_at"])
    survivor.version += 1
    survivor.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by,
        verb="pipeline.company.merged_into",
        obj=duplicate,
        zone=duplicate.zone,
        changes={"merged_into": [None, survivor.pk]},
    )
    audit_record(
        actor=by,
        verb="pipeline.company.absorbed",
        obj=survivor,
        zone=survivor.zone,
        changes={"absorbed": [None, duplicate.pk], **{k: [0, v] for k, v in moved.items()}},
    )
    return survivor


@transaction.atomic
def contact_create(*, company: Company, name: str, by: User, **fields: Any) -> Contact:
    contact = Contact(zone=company.zone, company=company)
    set_fields(contact, {"name": name, **fields}, CONTACT_FIELDS)
    validate_or_raise(contact, exclude=["zone", "company"])
    contact.save()
    audit_record(
        actor=by,
        verb="pipeline.contact.created",
        obj=contact,
        zone=company.zone,
        changes=diff({}, snapshot(contact, CONTACT_FIELDS)),
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, version: int | None, by: User, **fields: Any) -> Contact:
    return versioned_edit(
        contact,
        version=version,
        values=fields,
        allowed=CONTACT_FIELDS,
        audited=CONTACT_FIELDS,
        check=lambda current: validate_or_raise(current, exclude=["zone", "company"]),
        by=by,
        verb="pipeline.contact.updated",
    )


# ---------------------------------------------------------------- projects


def project_missing_fields(project: Project, stage: Stage | str) -> list[str]:
    """The fields `project` lacks to stand at `stage`."""
    return [name for name in fields_required_at(stage) if _is_blank(getattr(project, name))]


def _is_blank(value: Any) -> bool:
    return value is None or value == ""


def _refuse_missing(project: Project, stage: Stage | str) -> None:
    missing = project_missing_fields(project, stage)
    if not missing:
        return
    labels = [str(getattr(Project._meta.get_field(n), "verbose_name", n)) for n in missing]
    raise MissingStageFields(
        gettext("To stand at “%(stage)s” this project still needs: %(fields)s.")
        % {"stage": Stage(stage).label, "fields": join_words(labels)},
        details={"fields": {name: [gettext("Required at this stage.")] for name in missing}},
    )


def _validate_project(project: Project) -> None:
    if project.chain is not None and not project.sector:
        project.sector = project.chain.sector  # a chain's projects default to its sector
    _check_same_zone(
        project.zone,
        company=project.company,
        chain=project.chain,
        link=project.link,
        park=project.park,
    )
    _check_owner_in_zone(project.zone, project.owner)
    if project.company is not None and project.company.merged_into_id is not None:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"company": [gettext("This company was merged; choose the surviving record.")]},
        )
    _refuse_taken_external_id(project)
    validate_or_raise(project, exclude=["zone"])


def _refuse_taken_external_id(project: Project) -> None:
    """The zone's other system's id names one project (the constraint the database enforces)."""
    if not project.external_id:
        return
    taken = Project.objects.filter(zone=project.zone, external_id=project.external_id)
    if taken.exclude(pk=project.pk).exists():
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"external_id": [gettext("Another project of this zone has this external id.")]},
        )


@transaction.atomic
def project_create(
    *, zone: Zone, title_en: str, by: User, at: dt.datetime | None = None, **fields: Any
) -> Project:
    """A new project at `lead`; owned by its creator unless another owner is given.

    `at` dates the first stage change (an import or the demo recording an older lead).
    """
    project = Project(
        zone=zone,
        stage=Stage.LEAD,
        stage_changed_at=at or timezone.now(),
        furthest_stage_index=furthest_after(None, Stage.LEAD),
    )
    values = {"title_en": title_en, **fields}
    if values.get("owner") is None:
        values["owner"] = by if _may_own(zone, by) else None
    values.setdefault("source", Source.OFFICER)
    set_fields(project, values, PROJECT_FIELDS)
    _validate_project(project)
    project.save()
    StageChange.objects.create(
        zone=zone,
        project=project,
        from_stage="",
        to_stage=Stage.LEAD,
        by=by,
        at=project.stage_changed_at,
    )
    audit_record(
        actor=by,
        verb="pipeline.project.created",
        obj=project,
        zone=zone,
        changes=diff({}, snapshot(project, AUDITED_PROJECT_FIELDS)),
    )
    return project


def _check_project_edit(project: Project) -> None:
    _validate_project(project)
    stage_now = project.held_from_stage if project.stage == Stage.ON_HOLD else project.stage
    if stage_now in OPEN_STAGES or stage_now == Stage.OPERATING:
        _refuse_missing(project, stage_now)


@transaction.atomic
def project_update(*, project: Project, version: int | None, by: User, **fields: Any) -> Project:
    """Edit fields; refused if stale, or if it would blank a field the stage requires."""
    return versioned_edit(
        project,
        version=version,
        values=fields,
        allowed=PROJECT_FIELDS,
        audited=AUDITED_PROJECT_FIELDS,
        check=_check_project_edit,
        by=by,
        verb="pipeline.project.updated",
    )


def _refuse_transition(current: Project, target: Stage) -> None:
    source = Stage(current.stage)
    allowed = allowed_targets(source)
    resuming_elsewhere = (
        source == Stage.ON_HOLD and target != Stage.LOST and target != current.held_from_stage
    )
    if target in allowed and not resuming_elsewhere:
        return
    if resuming_elsewhere:
        allowed = frozenset({Stage(current.held_from_stage), Stage.LOST})
    names = join_words(s.label for s in sorted(allowed, key=list(Stage).index)) or "—"
    raise InvalidStageTransition(
        gettext("A project cannot move from “%(source)s” to “%(target)s”. Allowed: %(allowed)s.")
        % {"source": source.label, "target": target.label, "allowed": names},
        details={"from": source.value, "to": target.value, "allowed": sorted(allowed)},
    )


@transaction.atomic
def project_change_stage(
    *,
    project: Project,
    to: Stage | str,
    by: User,
    version: int | None = None,
    reason: str = "",
    lost_to: str = "",
    values: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    via_signing: bool = False,
) -> Project:
    """The one way a project changes stage: transition, required fields, history, audit.

    `signed` is reached only through a signing (`events.services.signing_record`, which passes
    `via_signing`), so that every signed project is in the signing ledger.

    `values` may supply the fields the target stage needs (e.g. the signing date) in the same
    transaction; nothing is saved when anything is refused.
    """
    target = Stage(to)
    current = lock_for_update(project)
    ensure_current_version(current, version)
    before = snapshot(current, AUDITED_PROJECT_FIELDS)
    _refuse_transition(current, target)
    if target == Stage.SIGNED and not via_signing:
        raise InvalidStageTransition(
            gettext("A project is signed by recording its signing, with its date and amount."),
            details={"from": current.stage, "to": target.value, "allowed": []},
        )
    set_fields(current, dict(values or {}), PROJECT_FIELDS)
    if target == Stage.LOST and not reason.strip():
        raise MissingStageFields(
            gettext("Say why the project was lost."),
            details={"fields": {"reason": [gettext("Required when a project is lost.")]}},
        )
    _validate_project(current)
    _refuse_missing(current, target)
    source = Stage(current.stage)
    current.held_from_stage = source if target == Stage.ON_HOLD else ""
    if target == Stage.LOST:
        current.lost_reason, current.lost_to = reason.strip(), lost_to.strip()
    elif source == Stage.LOST:
        current.lost_reason, current.lost_to = "", ""
    current.stage = target
    current.furthest_stage_index = furthest_after(current.furthest_stage_index, target)
    current.stage_changed_at = at or timezone.now()
    current.version += 1
    current.save()
    StageChange.objects.create(
        zone=current.zone,
        project=current,
        from_stage=source,
        to_stage=target,
        by=by,
        at=current.stage_changed_at,
        reason=reason.strip(),
        lost_to=lost_to.strip(),
    )
    audit_record(
        actor=by,
        verb="pipeline.project.stage_changed",
        obj=current,
        zone=current.zone,
        changes=diff(before, snapshot(current, AUDITED_PROJECT_FIELDS)),
    )
    return current


@transaction.atomic
def capital_arrival_record(
    *, project: Project, date: dt.date, amount: Decimal, by: User, note: str = ""
) -> CapitalArrival:
    """Paid-in capital (到资) that arrived on `date`, in the project's currency."""
    if amount is None or amount <= 0:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"amount": [gettext("An arrival must be a positive amount.")]},
        )
    arrival = CapitalArrival.objects.create(
        zone=project.zone, project=project, date=date, amount=amount, note=note, recorded_by=by
    )
    audit_record(
        actor=by,
        verb="pipeline.project.capital_arrived",
        obj=project,
        zone=project.zone,
        changes={"paid_in": [None, f"{date.isoformat()} {amount} {project.currency}"]},
    )
    return arrival


# ---------------------------------------------------------------- activities and tasks


@transaction.atomic
def activity_record(
    *,
    kind: str,
    date: dt.date,
    by: User,
    project: Project | None = None,
    company: Company | None = None,
    people: str = "",
    notes: str = "",
) -> Activity:
    company = company or (project.company if project else None)
    if company is None:
        raise ValidationFailed.for_fields(
            gettext("An activity needs a company or a project with an investor."),
            {"company": [gettext("Required.")]},
        )
    if project is not None and project.company_id not in (None, company.pk):
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"company": [gettext("Not the investor of this project.")]},
        )
    activity = Activity(
        zone=company.zone,
        project=project,
        company=company,
        kind=kind,
        date=date,
        people=people,
        notes=notes,
        by=by,
    )
    validate_or_raise(activity, exclude=["zone", "by"])
    activity.save()
    audit_record(
        actor=by,
        verb="pipeline.activity.recorded",
        obj=project or company,
        zone=company.zone,
        changes={"activity": [None, f"{activity.get_kind_display()} {date.isoformat()}"]},
    )
    return activity


@transaction.atomic
def task_create(
    *,
    zone: Zone,
    title: str,
    due_date: dt.date,
    assignee: User,
    by: User,
    project: Project | None = None,
) -> Task:
    if project is not None:
        _check_same_zone(zone, project=project)
    _check_owner_in_zone(zone, assignee)
    task = Task(
        zone=zone, project=project, title=title, due_date=due_date, assignee=assignee, created_by=by
    )
    validate_or_raise(task, exclude=["zone", "created_by"])
    task.save()
    audit_record(
        actor=by,
        verb="pipeline.task.created",
        obj=task,
        zone=zone,
        changes={"assignee": [None, assignee.pk], "due_date": [None, due_date.isoformat()]},
    )
    return task


@transaction.atomic
def task_complete(*, task: Task, by: User) -> Task:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        audit_record(
            actor=by,
            verb="pipeline.task.completed",
            obj=task,
            zone=task.zone,
            changes={"done_at": [None, task.done_at.isoformat()]},
        )
    return task
