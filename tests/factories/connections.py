import factory

from integrations.models import IntacctConnection


class IntacctConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntacctConnection

    name = factory.Sequence(lambda n: f"Connection {n}")
    company_id = "DEMO-CO"
    user_id = "ws_user"
    user_password = "ws_user_pw"
    sender_id = "demo_sender"
    sender_password = "demo_sender_pw"
