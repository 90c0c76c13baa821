"""Geography endpoints: commune search for autocomplete."""

from ninja import Router, Schema

router = Router(tags=["territoires"])


class CommuneOut(Schema):
    code: str
    name: str
