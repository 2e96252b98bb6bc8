"""English names for the seeded petition subjects (``0003_default_categories``).

English pages show ``Category.name_en``; a category without one (an administrator's own)
shows its Chinese name. Keyed by the stable codes; a name an administrator already gave is
kept. The column defaults to "" in the database too, so rows written by SQL alone (the
benchmark generator) need not name it. The reverse drops the column.
"""

from django.db import migrations, models

NAMES_EN = {
    "housing": "Urban and rural construction",
    "housing-expropriation": "Housing expropriation and compensation",
    "housing-property": "Property management",
    "housing-security": "Housing security",
    "housing-quality": "Construction quality",
    "housing-presale": "Sale and delivery of new housing",
    "labour": "Labour and social security",
    "labour-wages": "Unpaid wages",
    "labour-insurance": "Social insurance",
    "labour-relations": "Labour relations",
    "land": "Natural resources",
    "land-acquisition": "Land expropriation",
    "land-title": "Title registration",
    "land-minerals": "Mineral resources",
    "agriculture": "Agriculture and rural affairs",
    "agriculture-contract": "Land contracting",
    "agriculture-village": "Village affairs",
    "agriculture-subsidy": "Farm subsidies",
    "environment": "Ecology and environment",
    "environment-air": "Air pollution",
    "environment-water": "Water pollution",
    "environment-noise": "Noise pollution",
    "environment-waste": "Solid waste",
    "health": "Health",
    "health-dispute": "Medical disputes",
    "health-insurance": "Medical insurance",
    "education": "Education",
    "education-enrolment": "School enrolment",
    "education-school": "School management",
    "education-teachers": "Teachers' pay and conditions",
    "civil_affairs": "Civil affairs",
    "civil_affairs-dibao": "Minimum living allowance",
    "civil_affairs-elderly": "Elderly care",
    "civil_affairs-funeral": "Funeral management",
    "urban": "Urban management",
    "urban-appearance": "City appearance",
    "urban-illegal_building": "Illegal buildings",
    "transport": "Transport",
    "transport-transit": "Public transport",
    "transport-roads": "Road building and upkeep",
    "transport-taxi": "Taxis and ride-hailing",
    "public_security": "Public security",
    "public_security-order": "Public order",
    "public_security-hukou": "Household registration",
    "public_security-traffic": "Traffic management",
    "politics_law": "Political and legal affairs",
    "politics_law-litigation": "Litigation-related",
    "politics_law-enforcement": "Law enforcement oversight",
    "market": "Market regulation",
    "market-consumer": "Consumer rights",
    "market-food_drug": "Food and drug safety",
    "discipline": "Discipline inspection and supervision",
    "discipline-accusation": "Reports and accusations",
    "personnel": "Organization and personnel",
    "personnel-cadres": "Selection and appointment of cadres",
    "personnel-treatment": "Pay, benefits and retirement",
    "enterprise": "Enterprise restructuring and state assets",
    "enterprise-restructuring": "Resettlement of workers in restructuring",
    "enterprise-state_assets": "State asset management",
    "veterans": "Veterans affairs",
    "veterans-placement": "Placement",
    "veterans-benefits": "Preferential treatment",
    "other": "Other",
}


def name_in_english(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for category in Category.objects.filter(code__in=NAMES_EN, name_en=""):
        category.name_en = NAMES_EN[category.code]
        category.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0009_extension_requests")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=100, verbose_name="英文名称"
            ),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop, elidable=False),
    ]
