from django.db import migrations, models


def effect_range(*measures):
    return models.Q(*(models.Q((f"{m}__gte", -5), (f"{m}__lte", 5)) for m in measures))


def store_scenario_measures(apps, schema_editor):
    Scenario = apps.get_model("courses", "Scenario")
    ScenarioChoice = apps.get_model("courses", "ScenarioChoice")
    measures = [
        "access",
        "trust",
        "staff_safety",
        "local_staff_safety",
        "civilians",
        "agreement",
        "inclusion",
        "humanity",
        "neutrality",
        "impartiality",
        "independence",
    ]
    for scenario in Scenario.objects.all():
        choices = ScenarioChoice.objects.filter(scenario=scenario)
        scenario.measures = [m for m in measures if choices.exclude(**{m: 0}).exists()]
        scenario.save(update_fields=["measures"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_objectives"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="scenariochoice",
            name="scenario_choice_effects_in_range",
        ),
        migrations.AddField(
            model_name="scenariochoice",
            name="agreement",
            field=models.SmallIntegerField(default=0, verbose_name="Progress towards agreement"),
        ),
        migrations.AddField(
            model_name="scenariochoice",
            name="inclusion",
            field=models.SmallIntegerField(default=0, verbose_name="Inclusion of those affected"),
        ),
        migrations.AddField(
            model_name="scenario",
            name="measures",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                verbose_name="measures its choices move",
            ),
        ),
        migrations.AddConstraint(
            model_name="scenariochoice",
            constraint=models.CheckConstraint(
                condition=effect_range(
                    "access",
                    "trust",
                    "staff_safety",
                    "local_staff_safety",
                    "civilians",
                    "agreement",
                    "inclusion",
                    "humanity",
                    "neutrality",
                    "impartiality",
                    "independence",
                ),
                name="scenario_choice_effects_in_range",
                violation_error_message="Each effect must be between -5 and +5.",
            ),
        ),
        migrations.RunPython(store_scenario_measures, migrations.RunPython.noop),
    ]
