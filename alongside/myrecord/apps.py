from django.apps import AppConfig


class MyRecordConfig(AppConfig):
    name = "alongside.myrecord"
    label = "myrecord"
    verbose_name = "The client's own record"
