"""Every label of the documented flow (PROTOCOL.md sections 1 and 2), written once.

The page objects, the documented flow and the conformance checks find elements by these texts
only, character for character, so the same code drives the mocks and a real portal. The request's
fields are the wire protocol's (chronopay_protocol). Texts that only one screen of the mocks
shows (the hotspot page, the registration form) live with that screen's page object.
"""


class Site:
    """Step 1: the ISP's site."""

    CABINET_LINK = "Личный кабинет абонента"


class Login:
    """Step 2: the login page."""

    HEADING = "Вход в личный кабинет"
    SIDEBAR_LINKS = ("Вход (hotspot)", "Авторегистрация пользователя", "Вход в личный кабинет")
    LOGIN = "Логин"
    PASSWORD = "Пароль"  # noqa: S105  # nosec B105 # the field label, not a secret
    FIELDS = (LOGIN, PASSWORD)
    BUTTON = "Войти в личный кабинет"
    WRONG_CREDENTIALS = "Неверно указаны логин или пароль"


class Cabinet:
    """Step 3: the cabinet, its menu on the right, «Общие»."""

    # The menu's items, in the instruction's order, each also by name.
    MENU = (GENERAL, MESSAGES, REPORTS, TARIFFS, PAYMENTS, LOG_OUT) = (
        "Общие",
        "Сообщения",
        "Отчеты",
        "Тарифы и услуги",
        "Платежи",
        "Выйти",
    )
    ACCOUNT = "Основной лицевой счет"
    BALANCE = "Баланс"
    GENERAL_LABELS = ("ID", "Логин", ACCOUNT, BALANCE, "Кредит", "ФИО", "Состояние интернета")


class Payments:
    """Step 4: «Платежи», its three tabs, the ChronoPay tab's form."""

    CARD_ACTIVATION = "Активация карты"
    PAYMENT_DOCUMENT = "Платежный документ"
    CHRONOPAY = "ChronoPay"
    TABS = (CARD_ACTIVATION, PAYMENT_DOCUMENT, CHRONOPAY)
    AMOUNT = "Сумма"
    NEW_PAYMENT = "Новый платеж"
    ACCOUNT_IS_AUTOMATIC = "Лицевой счет присваивается автоматически"


class Confirmation:
    """Step 5: the confirmation."""

    HEADING = "Платеж в системе ChronoPay"
    COLUMNS = ("Параметр", "Значение")
    ACCOUNT = "Лицевой счет"
    AMOUNT = "Сумма"
    ROWS = (ACCOUNT, AMOUNT)
    PAY = "Заплатить"


class Gateway:
    """Step 7: the ChronoPay page."""

    TITLE = "CHRONOPAY СТРАНИЦА ОПЛАТЫ"
    PROVIDER_LINE = "сервис обеспечивает компания CHRONOPAY провайдер онлайн платежей"
    TEXTS = (TITLE, PROVIDER_LINE)
    PURPOSE = "Назначение платежа"
    AMOUNT_PREFIX = "Сумма:"
    CURRENCY = "РУБ"
    ABOUT_YOU = "ВВЕДИТЕ ИНФОРМАЦИЮ О СЕБЕ"
    CARD_SECTION = "ВВЕДИТЕ ДАННЫЕ КАРТЫ"
    HEADINGS = (ABOUT_YOU, CARD_SECTION)
    # The form's fields, each required, marked with a red «*» after its label (CVV2/CVC2: real card
    # pages ask it too); each also by name.
    FIELDS = (EMAIL, COUNTRY, CARD_NUMBER, EXPIRY, HOLDER, CVV) = (
        "E-mail",
        "Страна",
        "Номер банковской карты",
        "Срок действия",
        "Имя",
        "CVV2/CVC2",
    )
    CARD_TEXTS = ("Ваша карта", "К оплате принимаются карты:")
    BRANDS = ("VISA", "MasterCard")
    WARNING = (
        "Пожалуйста, не закрывайте и не обновляйте это окно до завершения полного процесса "
        "(обычно это занимает не более трех минут)."
    )
    PAY = "Оплатить"


class Receipt:
    """Step 8: the e-mail with the result."""

    SUCCESS = "Платеж успешно выполнен"
    TRANSACTION = "Номер транзакции"
