from django.urls import path

from reports.lp2kd import views as lp2kd
from reports.profiles import views as profiles

app_name = "reports"
urlpatterns = [
    path("", lp2kd.lp2kd_list_view, name="lp2kd-list"),
    path("lp2kd/<int:report_id>/", lp2kd.lp2kd_detail_view, name="lp2kd-detail"),
    path("versi/<int:version_id>/", lp2kd.version_detail_view, name="version-detail"),
    path("versi/<int:version_id>/ubah/", lp2kd.version_edit_view, name="version-edit"),
    path("versi/<int:version_id>/buat/", lp2kd.version_generate_view, name="version-generate"),
    path("versi/<int:version_id>/langkah/", lp2kd.version_step_view, name="version-step"),
    path("versi/<int:version_id>/versi-baru/", lp2kd.version_new_view, name="version-new"),
    path("versi/<int:version_id>/pdf/", lp2kd.version_pdf_view, name="version-pdf"),
    path("versi/<int:version_id>/lampiran/", lp2kd.version_xlsx_view, name="version-xlsx"),
    path("versi/<int:version_id>/bandingkan/", lp2kd.version_compare_view, name="version-compare"),
    path("profil-desa/", profiles.profiles_view, name="profiles"),
    path("profil-desa/<str:code>/", profiles.profile_village_view, name="profile-village"),
]
