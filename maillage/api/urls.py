"""The public API under /api/v1/; each domain's endpoints are mounted here."""

from functools import partial

from ninja import NinjaAPI
from ninja.errors import Throttled

from .actions import router as actions_router
from .data_inclusion import router as data_inclusion_router
from .docs import LocalSwagger
from .territories import router as territories_router
from .throttling import ClientThrottle, throttled

api = NinjaAPI(
    title="API Maillage",
    version="1",
    description="Données publiques des coopérations territoriales MONALISA.",
    urls_namespace="api",
    docs=LocalSwagger(),
    throttle=ClientThrottle(),
)
api.add_exception_handler(Throttled, partial(throttled, api=api))
api.add_router("/", territories_router)
api.add_router("/", actions_router)
api.add_router("/", data_inclusion_router)
