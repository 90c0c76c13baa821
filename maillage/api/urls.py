"""The public API under /api/v1/; each domain's endpoints are mounted here."""

from ninja import NinjaAPI

from .docs import LocalSwagger
from .territories import router as territories_router

api = NinjaAPI(
    title="API Maillage",
    version="1",
    description="Données publiques des coopérations territoriales MONALISA.",
    urls_namespace="api",
    docs=LocalSwagger(),
)
api.add_router("/", territories_router)
