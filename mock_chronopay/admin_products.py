"""The operator's merchant cabinet: the registered products, each one editable, and new ones.

Behind the operator's credentials and CSRF check (admin.require_operator), as the overview is.
What is saved takes effect with the next request; the product of the start settings is
registered again, from those settings, at the next start.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from . import registry
from .admin import require_operator
from .db import get_db

bp = Blueprint("products", __name__, url_prefix="/admin/products")
bp.before_request(require_operator)

PAGE = {"page_title": "CHRONOPAY · кабинет магазина"}


def _from_form(form, product_id: str) -> registry.Product:
    prefixes = tuple(line.strip() for line in (form.get("url_prefixes") or "").splitlines() if line.strip())
    return registry.Product(
        product_id=product_id,
        name=(form.get("name") or "")[: registry.MAX_NAME * 2],
        currency=form.get("currency") or "",
        url_prefixes=prefixes,
        defaults={name: (form.get(name) or "").strip() for name in registry.URL_FIELDS},
        order_unique=form.get("order_unique") == "on",
    )


def _page(product: registry.Product | None, errors: dict, status: int = 200, new: bool = False):
    page = render_template(
        "admin_product.html",
        t=PAGE,
        language="ru",
        product=product,
        new=new,
        errors=errors,
        currencies=registry.CURRENCIES,
        url_fields=registry.URL_FIELDS,
        from_settings=product is not None and product.product_id == current_app.config["PRODUCT_ID"],
    )
    return page, status


@bp.route("/new", methods=["GET", "POST"])
def new():
    if request.method == "GET":
        return _page(None, {}, new=True)
    product = _from_form(request.form, (request.form.get("product_id") or "").strip()[:64])
    errors = registry.problems(product)
    if "product_id" not in errors and registry.get(get_db(), product.product_id) is not None:
        errors["product_id"] = "Такой продукт уже зарегистрирован: измените его на его странице."
    return _save(product, errors, new=True)


@bp.route("/<product_id>", methods=["GET", "POST"])
def edit(product_id: str):
    product = registry.get(get_db(), product_id)
    if product is None:
        abort(404)
    if request.method == "GET":
        return _page(product, {})
    changed = _from_form(request.form, product_id)
    return _save(changed, registry.problems(changed))


def _save(product: registry.Product, errors: dict, new: bool = False):
    if errors:
        return _page(product, errors, status=422, new=new)
    registry.register(get_db(), product, current_app.config["CLOCK"]())
    current_app.logger.info("product %s registered by the operator", product.product_id)
    flash(f"Продукт {product.product_id} сохранен.", "success")
    return redirect(url_for("admin.overview") + "#products", code=303)
