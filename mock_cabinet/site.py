"""The ISP's own small home page (step 1): the way in to the subscriber cabinet."""

from flask import Blueprint, render_template

bp = Blueprint("site", __name__, url_prefix="/isp")


@bp.route("/")
def home():
    return render_template("site_home.html")
