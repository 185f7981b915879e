from django.urls import path

from zoneinvest.office.views import board, companies, consultants, events, home, projects, tasks

app_name = "office"

urlpatterns = [
    path("", home.home, name="home"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_new, name="project_new"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", projects.project_stage, name="project_stage"),
    path("projects/<int:pk>/activities/", projects.activity_new, name="activity_new"),
    path("projects/<int:pk>/tasks/", projects.task_new, name="task_new"),
    path("projects/<int:pk>/arrivals/", projects.arrival_new, name="arrival_new"),
    path("board/", board.board, name="board"),
    path("board/move/", board.board_move, name="board_move"),
    path("companies/", companies.company_list, name="company_list"),
    path("companies/new/", companies.company_new, name="company_new"),
    path("companies/<int:pk>/", companies.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", companies.company_edit, name="company_edit"),
    path("companies/<int:pk>/merge/", companies.company_merge, name="company_merge"),
    path("companies/<int:pk>/contacts/", companies.contact_new, name="contact_new"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/done/", tasks.task_complete, name="task_complete"),
    path("events/", events.event_list, name="event_list"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/followups/", events.event_followups, name="event_followups"),
    path("events/<int:pk>/report/", events.event_report, name="event_report"),
    path("events/<int:pk>/report.pdf", events.event_report_pdf, name="event_report_pdf"),
    path("events/<int:pk>/signings/", events.event_signings, name="event_signings"),
    path("events/<int:pk>/signings/new/", events.signing_new, name="signing_new"),
    path("events/<int:pk>/live/", events.event_live, name="event_live"),
    path("events/<int:pk>/live/figures/", events.event_live_figures, name="event_live_figures"),
    path("events/<int:pk>/ceremony/", events.event_ceremony, name="event_ceremony"),
    path("events/<int:pk>/ceremony/verify/", events.diligence_verify, name="diligence_verify"),
    path("campaigns/", events.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", events.campaign_detail, name="campaign_detail"),
    path("followups/", events.signed_not_started, name="signed_not_started"),
    # a consultant's own pages
    path("my/referrals/", consultants.my_referrals, name="my_referrals"),
    path("my/referrals/new/", consultants.my_referral_new, name="my_referral_new"),
    path("my/referrals/<int:pk>/", consultants.my_referral_detail, name="my_referral_detail"),
    path("my/advice/", consultants.my_advice, name="my_advice"),
    path("my/statement/", consultants.my_statement, name="my_statement"),
    path("my/statement.xlsx", consultants.my_statement_xlsx, name="my_statement_xlsx"),
    path("my/statement.pdf", consultants.my_statement_pdf, name="my_statement_pdf"),
    # the bureau's pages about consultants
    path("consultants/", consultants.consultant_list, name="consultant_list"),
    path("consultants/ranking/", consultants.consultant_ranking, name="consultant_ranking"),
    path("consultants/conflicts/", consultants.referral_conflicts, name="referral_conflicts"),
    path(
        "consultants/conflicts/<int:pk>/resolve/",
        consultants.referral_resolve,
        name="referral_resolve",
    ),
    path("consultants/<int:pk>/", consultants.consultant_detail, name="consultant_detail"),
    path(
        "consultants/<int:pk>/statement/",
        consultants.consultant_statement,
        name="consultant_statement",
    ),
    path(
        "consultants/<int:pk>/statement.xlsx",
        consultants.consultant_statement_xlsx,
        name="consultant_statement_xlsx",
    ),
    path(
        "consultants/<int:pk>/statement.pdf",
        consultants.consultant_statement_pdf,
        name="consultant_statement_pdf",
    ),
]
