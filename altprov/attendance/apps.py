from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "altprov.attendance"
    verbose_name = "Attendance and absences"
