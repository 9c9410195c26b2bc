from django.contrib.sitemaps import Sitemap

from scenarios.models import Scenario


class ScenarioSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Scenario.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, scenario):
        return scenario.updated_at
