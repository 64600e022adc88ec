import factory

from integrations.models import IntacctConnection


class IntacctConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntacctConnection

    name = factory.Sequence(lambda n: f"Connection {n}")
    # One connection per company and entity: each factory connection is its own company.
    company_id = factory.Sequence(lambda n: f"CO-{n}")
    user_id = "ws_user"
    user_password = "ws_user_pw"
    sender_id = "demo_sender"
    sender_password = "demo_sender_pw"
