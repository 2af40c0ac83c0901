"""Fills the daily attendance summary from the marks already stored (issue 10): one
INSERT ... SELECT ... GROUP BY, on SQLite and PostgreSQL alike."""

from django.db import migrations


def fill(apps, schema_editor):
    summary = apps.get_model("attendance", "DailyAttendance")._meta.db_table
    mark = apps.get_model("attendance", "AttendanceMark")._meta.db_table
    placement = apps.get_model("placements", "Placement")._meta.db_table
    referral = apps.get_model("referrals", "Referral")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {summary}")  # nosec B608  # table names from the models
        cursor.execute(
            f"INSERT INTO {summary} (school_id, date, code, sessions) "  # nosec B608  # table names from the models
            f"SELECT r.school_id, m.date, m.code, COUNT(*) FROM {mark} m "
            f"JOIN {placement} p ON p.id = m.placement_id "
            f"JOIN {referral} r ON r.id = p.referral_id "
            f"GROUP BY r.school_id, m.date, m.code"
        )


def empty(apps, schema_editor):
    apps.get_model("attendance", "DailyAttendance").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0002_dailyattendance"),
        ("placements", "0002_placement_ending"),
        ("referrals", "0002_meeting_no_parent_reason"),
    ]

    operations = [migrations.RunPython(fill, empty)]
