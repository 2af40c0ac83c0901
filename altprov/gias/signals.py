"""A school saved with a URN that is in the GIAS register takes the register's region (issue 10,
P7), whatever its page said: the register is the source for schools it lists. A signal, so the
organisations app never imports this one."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from altprov.organisations.models import School

from .services import region_in_register


@receiver(pre_save, sender=School)
def region_from_register(sender, instance: School, raw=False, **kwargs):
    if raw:
        return
    region = region_in_register(instance.urn or "")
    if region:
        instance.region = region
