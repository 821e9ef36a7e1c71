from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("review/", views.review_queue_page, name="queue"),
    path("review/uploads/<int:pk>/", views.upload_page, name="upload"),
]
