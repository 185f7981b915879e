import factory

from zoneinvest.accounts.models import Membership, Role, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.OFFICER
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def zones(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            Membership.objects.bulk_create([Membership(user=self, zone=z) for z in extracted])
