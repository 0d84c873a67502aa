"""The people pages: the queue of pairs an import could not decide, and each pair."""

from django.urls import path

from casetrail.people import views

urlpatterns = [
    path("review/", views.pair_list, name="people-review"),
    path("review/decided/", views.pair_list_decided, name="people-review-decided"),
    path("review/<int:pair_id>/", views.pair_page, name="people-pair"),
]
