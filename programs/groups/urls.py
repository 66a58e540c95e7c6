from django.urls import path

from programs import views_disbursements as disbursements
from programs import views_groups as groups

groups_urls = (
    [
        path("", groups.group_list_view, name="list"),
        path("baru/", groups.group_create_view, name="create"),
        path("<int:group_id>/", groups.group_detail_view, name="detail"),
        path("<int:group_id>/ubah/", groups.group_edit_view, name="edit"),
        path("<int:group_id>/anggota/", groups.group_members_add_view, name="members-add"),
        path(
            "<int:group_id>/anggota/<int:member_id>/keluarkan/",
            groups.group_member_remove_view,
            name="member-remove",
        ),
        path("<int:group_id>/angsuran/", groups.group_payment_view, name="payment"),
        path("<int:group_id>/kunjungan/", groups.group_visit_view, name="visit"),
        path("foto/<int:photo_id>/", groups.group_photo_view, name="photo"),
    ],
    "groups",
)

disbursements_urls = (
    [
        path("", disbursements.disbursement_list_view, name="list"),
        path("periode/<int:period_id>/", disbursements.disbursement_period_view, name="period"),
        path(
            "<int:disbursement_id>/realisasi/",
            disbursements.disbursement_actual_view,
            name="actual",
        ),
    ],
    "disbursements",
)
