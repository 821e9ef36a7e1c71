from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("bulletins/", views.bulletin_list, name="bulletin-list"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin-publish"),
    path("bulletins/<int:pk>/correct/", views.bulletin_correct, name="bulletin-correct"),
    path("bulletins/<int:pk>/docx/", views.bulletin_docx_download, name="bulletin-docx"),
    path("bulletins/article/", views.article_templates, name="article-templates"),
    path("campaigns/<slug:slug>/bulletin/", views.bulletin_draft, name="bulletin-draft"),
]
