"""Demo data: staff accounts for every organisation, illustrative services, synthetic cases.

Idempotent: a second run creates nothing that exists already. Refuses to run with DEBUG off, so
a production database never gets demo accounts with a published password.
"""

import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.data import focus_by_short_name
from members.geography import Province
from members.models import COALITION_KINDS, Organization, Service, ServiceOffering, Staff
from members.provisioning import provision_staff
from members.roles import Role

User = get_user_model()

MEMBER_ROLES = {
    "caseworker": Role.CASEWORKER,
    "supervisor": Role.SUPERVISOR,
    "referrals": Role.REFERRAL_DESK,
    "admin": Role.ORG_ADMIN,
}
# An organisation that runs a helpline (the directory's focus says so) has a desk for it.
HELPLINE_ACCOUNT = ("helpline", Role.HELPLINE_DESK)
SECRETARIAT_ACCOUNTS = {
    "secretariat-analyst": Role.SECRETARIAT_ANALYST,
    "secretariat-admin": Role.SECRETARIAT_ADMIN,
}
# Illustrative only: which services each member offers is entered by the secretariat in the app.
# Everything invented here is flagged `demo`, and the directory shows it with a "demo" badge.
FOCUS_SERVICES = {
    "legal aid": ["legal_aid"],
    "trafficking in persons": ["legal_aid", "psychosocial"],
    "bonded labour": ["legal_aid", "livelihood", "rescue"],
    "forced labour": ["livelihood"],
    "helpline": ["helpline"],
    "women": ["shelter", "psychosocial"],
    "children": ["child_protection", "psychosocial"],
    "psychosocial support": ["psychosocial"],
    "victim protection": ["shelter", "medical"],
    "youth": ["education", "livelihood"],
    "education": ["education"],
    "gender inclusion": ["psychosocial", "legal_aid"],
    "awareness": ["education"],
}
PROVINCE_ROTATION = [
    Province.PUNJAB,
    Province.SINDH,
    Province.KPK,
    Province.BALOCHISTAN,
    Province.ISLAMABAD,
]


def demo_usernames(organization: Organization) -> list[tuple[str, str]]:
    prefix = organization.short_name.lower()
    names = [(f"{prefix}-{suffix}", role) for suffix, role in MEMBER_ROLES.items()]
    if "helpline" in focus_by_short_name().get(organization.short_name, []):
        suffix, role = HELPLINE_ACCOUNT
        names.append((f"{prefix}-{suffix}", role))
    return names


class Command(BaseCommand):
    help = "Create demo staff accounts and data (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=0, help="Add this many synthetic cases.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for the cases.")

    def handle(self, *args, cases: int, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a known password: DEBUG must be on."
            )
        if cases < 0:
            raise CommandError("--cases must be zero or more.")
        created = self.create_accounts()
        self.create_offerings()
        if cases:
            self.create_cases(cases, seed)
        activities = importlib.import_module("coalition.activities.demo").create_activities(
            seed=seed
        )
        self.stdout.write(f"Demo activities: {activities} created.")
        self.create_helpline(seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts: {created} created, password: {settings.DEMO_PASSWORD}"
            )
        )

    @transaction.atomic
    def create_accounts(self) -> int:
        wanted: list[tuple[Organization, str, str]] = []
        for organization in Organization.objects.filter(kind__in=COALITION_KINDS):
            wanted += [(organization, name, role) for name, role in demo_usernames(organization)]
            if organization.is_secretariat:
                wanted += [(organization, n, r) for n, r in SECRETARIAT_ACCOUNTS.items()]
        existing = set(User.objects.values_list("username", flat=True))
        new_names = []
        for organization, username, role in wanted:
            if username in existing:
                continue
            provision_staff(
                organization=organization,
                username=username,
                role=role,
                password=None,
                first_name=username.split("-", 1)[1].replace("-", " ").title(),
                last_name=organization.short_name,
                # Links to choose a password are printed on the console in the demo.
                email=f"{username}@demo.invalid",
                language=Staff.Language.ENGLISH,
            )
            new_names.append(username)
        # One hash for every demo account: hashing 66 times would take half a minute.
        User.objects.filter(username__in=new_names).update(
            password=make_password(settings.DEMO_PASSWORD)
        )
        return len(new_names)

    @transaction.atomic
    def create_offerings(self) -> None:
        if ServiceOffering.objects.exists():
            return
        catalogue = {s.code: s for s in Service.objects.all()}
        members = Organization.objects.filter(kind__in=COALITION_KINDS).order_by("pk")
        for index, organization in enumerate(members):
            province = PROVINCE_ROTATION[index % len(PROVINCE_ROTATION)]
            second = PROVINCE_ROTATION[(index + 2) % len(PROVINCE_ROTATION)]
            codes: list[str] = []
            for focus in focus_by_short_name().get(organization.short_name, []):
                codes += [c for c in FOCUS_SERVICES.get(focus, []) if c not in codes]
            for code in codes or ["legal_aid"]:
                for place in (province, second):
                    ServiceOffering.objects.get_or_create(
                        organization=organization,
                        service=catalogue[code],
                        province=place,
                        defaults={"demo": True},
                    )
            if not organization.head_office_province:
                organization.head_office_province = province
                organization.demo = True
                organization.save(update_fields=["head_office_province", "demo"])

    def create_cases(self, count: int, seed: int) -> None:
        try:
            demo = importlib.import_module("cases.demo")
        except ModuleNotFoundError:
            raise CommandError("The cases app has no demo generator yet.") from None
        made = demo.create_cases(count=count, seed=seed, stdout=self.stdout)
        self.stdout.write(f"Synthetic cases: {made} created.")
        referrals = importlib.import_module("referrals.demo").create_referrals(seed=seed)
        self.stdout.write(f"Synthetic referrals: {referrals} created.")

    def create_helpline(self, seed: int) -> None:
        calls = importlib.import_module("cases.helpline.demo").create_calls(seed=seed)
        self.stdout.write(f"Synthetic helpline calls: {calls} created.")
        demo = importlib.import_module("referrals.demo")
        referred = demo.refer_helpline_cases(seed=seed)
        self.stdout.write(f"Helpline cases referred for legal aid: {referred}.")
