from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from complaints import apis as complaints_apis
from households import apis as households_apis
from programs import apis as programs_apis
from programs import apis_groups
from programs.recipients import apis as recipients_apis
from programs.urls_groups import disbursements_urls, groups_urls
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
api_urls = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("regions/", RegionListApi.as_view(), name="api-region-list"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="api-region-detail"),
    path("jobs/<int:job_id>/", JobDetailApi.as_view(), name="api-job-detail"),
    path("households/", households_apis.HouseholdListApi.as_view(), name="api-household-list"),
    path(
        "households/<int:pk>/",
        households_apis.HouseholdDetailApi.as_view(),
        name="api-household-detail",
    ),
    path("persons/lookup/", households_apis.NikLookupApi.as_view(), name="api-nik-lookup"),
    path("batches/", households_apis.BatchUploadApi.as_view(), name="api-batch-upload"),
    path("batches/<int:pk>/", households_apis.BatchDetailApi.as_view(), name="api-batch-detail"),
    path("programs/", programs_apis.ProgramListApi.as_view(), name="api-program-list"),
    path(
        "programs/eligibility/",
        programs_apis.EligibilityLookupApi.as_view(),
        name="api-program-eligibility",
    ),
    path(
        "programs/<str:code>/", programs_apis.ProgramDetailApi.as_view(), name="api-program-detail"
    ),
    path("targeting/runs/", programs_apis.RunListApi.as_view(), name="api-run-list"),
    path("targeting/runs/<int:pk>/", programs_apis.RunDetailApi.as_view(), name="api-run-detail"),
    path(
        "targeting/runs/<int:pk>/villages/",
        programs_apis.RunVillageListApi.as_view(),
        name="api-run-villages",
    ),
    path(
        "batches/<int:pk>/rows/", households_apis.BatchRowListApi.as_view(), name="api-batch-rows"
    ),
    path(
        "programs/<str:code>/recipients/",
        recipients_apis.RecipientListApi.as_view(),
        name="api-recipient-list",
    ),
    path(
        "programs/<str:code>/recipient-batches/",
        recipients_apis.RecipientBatchUploadApi.as_view(),
        name="api-recipient-batch-upload",
    ),
    path(
        "recipient-batches/<int:pk>/",
        recipients_apis.RecipientBatchDetailApi.as_view(),
        name="api-recipient-batch-detail",
    ),
    path(
        "recipient-batches/<int:pk>/rows/",
        recipients_apis.RecipientBatchRowListApi.as_view(),
        name="api-recipient-batch-rows",
    ),
    path("groups/", apis_groups.GroupListApi.as_view(), name="api-group-list"),
    path("groups/<int:pk>/", apis_groups.GroupDetailApi.as_view(), name="api-group-detail"),
    path(
        "disbursements/",
        apis_groups.DisbursementListApi.as_view(),
        name="api-disbursement-list",
    ),
    path("complaints/", complaints_apis.ComplaintListApi.as_view(), name="api-complaint-list"),
    path(
        "complaints/<int:pk>/",
        complaints_apis.ComplaintDetailApi.as_view(),
        name="api-complaint-detail",
    ),
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
    path("program/kelompok/", include(groups_urls)),
    path("program/penyaluran/", include(disbursements_urls)),
    path("pengaduan/", include("complaints.urls")),
    path("musrenbang/", include("musrenbang.urls")),
    # After programs.urls, which registers the ``program`` converter.
    path("program/<program:code>/penerima/", include("programs.urls_recipients")),
    path("healthz", health.healthz, name="healthz"),
    path("api/", include(api_urls)),
    path("admin/", admin.site.urls),
]
