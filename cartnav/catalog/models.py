"""The catalog: hospitals (organisations that treat patients). Products and trials join later."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hospital(models.Model):
    """A hospital is an organisation; staff belong to it and cases are treated there."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province"), max_length=100, blank=True)
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
