from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tkpk.apis.jobs import JobDetailApi, MeApi
from tkpk.apis.regions import RegionDetailApi, RegionListApi
from tkpk.views import accounts, audit, health, home, jobs, regions

regions_urls = (
    [
        path("", regions.region_list_view, name="list"),
        path("<str:code>/", regions.region_detail_view, name="detail"),
    ],
    "regions",
)
audit_urls = (
    [
        path("", audit.audit_list_view, name="list"),
        path("ekspor/", audit.audit_export_view, name="export"),
    ],
    "audit",
)
jobs_urls = (
    [
        path("", jobs.job_list_view, name="list"),
        path("uji-pekerja/", jobs.worker_check_view, name="worker-check"),
        path("<int:job_id>/", jobs.job_detail_view, name="detail"),
        path("<int:job_id>/status/", jobs.job_status_view, name="status"),
        path("<int:job_id>/hasil/", jobs.job_result_view, name="result"),
    ],
    "jobs",
)
api_urls: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("regions/", RegionListApi.as_view(), name="api-region-list"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="api-region-detail"),
    path("jobs/<int:job_id>/", JobDetailApi.as_view(), name="api-job-detail"),
    # Each app's API, un-namespaced as before (``api-household-list``).
    path("", include("households.api_urls")),
    path("", include("programs.api_urls")),
    path("", include("complaints.api_urls")),
    path("", include("monitoring.api_urls")),
    path("", include("musrenbang.api_urls")),
    path("", include("reports.api_urls")),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("masuk/", accounts.LoginView.as_view(), name="login"),
    path("keluar/", accounts.auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/sandi/selesai/",
        accounts.auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wilayah/", include(regions_urls)),
    path("audit/", include(audit_urls)),
    path("pekerjaan/", include(jobs_urls)),
    path("registri/", include("households.urls")),
    path("program/", include("programs.urls")),
    path("pengaduan/", include("complaints.urls")),
    path("musrenbang/", include("musrenbang.urls")),
    path("pemantauan/", include("monitoring.urls")),
    path("laporan/", include("reports.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("api/", include(api_urls)),
    path("admin/", admin.site.urls),
]
