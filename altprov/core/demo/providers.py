"""The demo's provider register: a dozen providers per trust, each with a site and a contact,
and an Ofsted outcome (under one of the three schemes) for the registered ones."""

from django.utils.text import slugify

from altprov.providers.models import Provider

from .data import MAIN_TRUST, PROVIDERS, D, staff_name


def add_providers(rng, trust, urn_base: int) -> list[Provider]:
    providers = []
    for provider_name, registration, town in PROVIDERS:
        provider = Provider.objects.create(
            trust=trust,
            name=provider_name if trust.name == MAIN_TRUST else f"{provider_name} ({town} site)",
            registration_status=registration,
            urn=str(urn_base * 100 + 50 + rng.randint(0, 49))
            if registration == "registered"
            else "",
            address_line_1=f"Unit {rng.randint(1, 30)}, {rng.choice(['Canal', 'Forge', 'Orchard'])} Yard",
            town=town,
            postcode=f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}QX",
            manager_name=staff_name(rng),
            website=f"https://{slugify(provider_name)}.example.org",
            on_la_list=rng.choice(["yes", "no"]),
            pupil_places=rng.choice([12, 20, 30, 45]),
            key_stages=rng.choice([",KS3,KS4,", ",KS4,", ",KS2,KS3,", ",KS3,KS4,KS5,"]),
            adults_over_18=rng.choice(["yes", "no"]),
            gcse_english_maths=rng.choice(["yes", "no", "n/a"]),
            gcse_five_or_more=rng.choice(["yes", "no", "n/a"]),
            exam_centre="no",
        )
        provider.sites.create(
            name="Main site",
            address_line_1=provider.address_line_1,
            town=town,
            postcode=provider.postcode,
        )
        provider.contacts.create(
            name=staff_name(rng),
            role="Centre manager",
            email=f"office@{slugify(provider_name)}.example.org",
        )
        if registration == "registered":
            inspection(rng, provider)
        providers.append(provider)
    return providers


def inspection(rng, provider) -> None:
    scheme = rng.choice(["legacy", "sub_judgements", "report_card"])
    if scheme == "legacy":
        provider.inspections.create(
            scheme=scheme,
            inspection_date=D(2023, rng.randint(1, 12), rng.randint(1, 28)),
            overall_grade=rng.choice([1, 2, 2, 3]),
            judgements={"quality_of_education": rng.choice([1, 2, 3])},
            safeguarding="effective",
        )
    elif scheme == "sub_judgements":
        areas = [
            "quality_of_education",
            "behaviour_and_attitudes",
            "personal_development",
            "leadership_and_management",
        ]
        provider.inspections.create(
            scheme=scheme,
            inspection_date=D(2025, rng.randint(1, 9), rng.randint(1, 28)),
            judgements={a: rng.choice([1, 2, 2, 3]) for a in areas},
            safeguarding="effective",
        )
    else:
        areas = [
            "inclusion",
            "curriculum_and_teaching",
            "achievement",
            "attendance_and_behaviour",
            "personal_development_and_wellbeing",
            "leadership_and_governance",
        ]
        provider.inspections.create(
            scheme=scheme,
            inspection_date=D(2026, rng.randint(1, 10), rng.randint(1, 28)),
            judgements={
                a: rng.choice(["strong", "expected", "expected", "needs_attention"]) for a in areas
            },
            safeguarding="met",
        )
