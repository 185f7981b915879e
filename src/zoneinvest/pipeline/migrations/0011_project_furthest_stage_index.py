"""Project.furthest_stage_index: the furthest stage of the main road a project's history shows.

Filled from the stage changes already recorded, in one UPDATE that SQLite and PostgreSQL both
run: a correlated subquery takes the highest place on the road among the project's stage
changes (side stages map to NULL, which MAX skips; a project without any stays NULL). The road
is written out here, as it stood when this migration was written, so that a later change to
`pipeline.stages` does not change what this migration did. The index is built after the fill.
"""

from django.db import migrations, models

ROAD = ("lead", "qualified", "negotiating", "signed", "registered", "construction", "operating")

ROAD_INDEX = " ".join(f"WHEN '{stage}' THEN {index}" for index, stage in enumerate(ROAD))

FILL = f"""
UPDATE pipeline_project
SET furthest_stage_index = (
    SELECT MAX(CASE pipeline_stagechange.to_stage {ROAD_INDEX} END)
    FROM pipeline_stagechange
    WHERE pipeline_stagechange.project_id = pipeline_project.id
)
WHERE EXISTS (
    SELECT 1 FROM pipeline_stagechange
    WHERE pipeline_stagechange.project_id = pipeline_project.id
)
"""  # noqa: S608 # nosec B608 # the road's stage names above, no input


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0010_fewer_write_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="furthest_stage_index",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="furthest stage reached"
            ),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop, elidable=False),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["zone", "furthest_stage_index"], name="project_zone_furthest"
            ),
        ),
    ]
