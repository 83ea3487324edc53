"""The merchant's settings on both sides, read where the mocks start: the product the gateway registers
(CHRONOPAY_PRODUCT_*, _ORDER_UNIQUE) and the kind of merchant the cabinet is (CABINET_CHRONOPAY_*),
and the stack registering the cabinet's product to match its kind."""

from contextlib import closing

from demstack import serve
from demstack.stack import Stack, StackOptions
from mock_cabinet import __main__ as cabinet_main
from mock_cabinet import config as cabinet_config
from mock_chronopay import __main__ as gateway_main
from mock_chronopay import config as gateway_config
from mock_chronopay import registry
from mock_chronopay.db import open_database
from mockkit.settings import settings_given


def test_the_gateways_product_comes_from_its_variables_and_flags():
    environ = {"CHRONOPAY_PRODUCT_NAME": "stat.isp.test", "CHRONOPAY_ORDER_UNIQUE": "no"}
    flags = gateway_main.build_parser().parse_args(["--product-id", "000001-0001-0001", "--product-cb-url", "x"])
    given = settings_given(gateway_config.DEFAULTS, gateway_config.ENV_PREFIX, flags, environ)
    assert given == {
        "PRODUCT_NAME": "stat.isp.test",
        "ORDER_UNIQUE": False,
        "PRODUCT_ID": "000001-0001-0001",
        "PRODUCT_CB_URL": "x",
    }
    flags = gateway_main.build_parser().parse_args(["--order-unique"])
    assert settings_given(gateway_config.DEFAULTS, gateway_config.ENV_PREFIX, flags, environ)["ORDER_UNIQUE"] is True


def test_the_cabinets_kind_of_merchant_comes_from_its_variables_and_flags():
    environ = {"CABINET_CHRONOPAY_SIGN": "3-part", "CABINET_CHRONOPAY_ORDER_TIMELIMIT": "30"}
    flags = cabinet_main.build_parser().parse_args(["--chronopay-method", "POST"])
    given = settings_given(cabinet_config.DEFAULTS, cabinet_config.ENV_PREFIX, flags, environ)
    assert given == {"CHRONOPAY_SIGN": "3-part", "CHRONOPAY_ORDER_TIMELIMIT": 30, "CHRONOPAY_METHOD": "POST"}


def test_make_serve_passes_the_merchants_settings_to_each_mock(tmp_path):
    environ = {"CABINET_CHRONOPAY_SIGN": "3-part", "CHRONOPAY_PRODUCT_NAME": "stat.isp.test"}
    options = serve.stack_options(["--data", str(tmp_path)], environ)
    assert options.cabinet_settings == {"CHRONOPAY_SIGN": "3-part"}
    assert options.gateway_settings == {"PRODUCT_NAME": "stat.isp.test"}


def registered_product(stack: Stack) -> registry.Product:
    with closing(open_database(stack.gateway_db_path)) as db:
        return registry.get(db, gateway_config.DEFAULTS["PRODUCT_ID"])


def test_the_stack_registers_the_cabinets_product_as_its_kind_needs(tmp_path):
    with Stack(StackOptions(data_dir=tmp_path / "isp", demo_count=1, tls=False)) as stack:
        isp = registered_product(stack)
        assert (isp.order_unique, isp.url_prefixes) == (True, (stack.cabinet_url,))
    three_part = StackOptions(
        data_dir=tmp_path / "3", demo_count=1, tls=False, cabinet_settings={"CHRONOPAY_SIGN": "3-part"}
    )
    with Stack(three_part) as stack:
        assert registered_product(stack).order_unique is False, "a cabinet that sends no order_id"
    explicit = StackOptions(
        data_dir=tmp_path / "explicit",
        demo_count=1,
        tls=False,
        cabinet_settings={"CHRONOPAY_SIGN": "3-part"},
        gateway_settings={"ORDER_UNIQUE": True},
    )
    with Stack(explicit) as stack:
        assert registered_product(stack).order_unique is True, "a gateway setting given wins"
