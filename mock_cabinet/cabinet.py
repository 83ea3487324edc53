"""The cabinet's sections of step 3: «Общие», «Сообщения», «Отчеты», «Тарифы и услуги»."""

from flask import Blueprint, g, render_template

from .auth import login_required
from .db import get_db

bp = Blueprint("cabinet", __name__, url_prefix="/cabinet")

# The right-hand menu, in the instruction's order: (label, endpoint); «Выйти» is the logout form.
MENU = (
    ("Общие", "cabinet.general"),
    ("Сообщения", "cabinet.messages"),
    ("Отчеты", "cabinet.reports"),
    ("Тарифы и услуги", "cabinet.tariffs"),
    ("Платежи", "payments.card_activation"),
)


@bp.route("/")
@login_required
def general():
    return render_template("general.html", section="Общие")


@bp.route("/messages")
@login_required
def messages():
    rows = (
        get_db()
        .execute(
            "SELECT * FROM messages WHERE subscriber_id = ? ORDER BY sent_at DESC, id DESC",
            (g.subscriber["id"],),
        )
        .fetchall()
    )
    return render_template("messages.html", section="Сообщения", messages=rows)


@bp.route("/reports")
@login_required
def reports():
    rows = (
        get_db()
        .execute("SELECT * FROM payments WHERE subscriber_id = ? ORDER BY id DESC", (g.subscriber["id"],))
        .fetchall()
    )
    return render_template("reports.html", section="Отчеты", payments=rows)


@bp.route("/tariffs")
@login_required
def tariffs():
    services = (
        get_db()
        .execute(
            "SELECT sv.* FROM services sv JOIN subscriber_services ss ON ss.service_id = sv.id"
            " WHERE ss.subscriber_id = ? ORDER BY sv.name",
            (g.subscriber["id"],),
        )
        .fetchall()
    )
    return render_template("tariffs.html", section="Тарифы и услуги", services=services)
