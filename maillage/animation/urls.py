app_name = "animation"

urlpatterns: list = []
