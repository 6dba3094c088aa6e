//! The fields of `payment_details` that validation names, and which of them
//! hold credentials. No imports: everything else builds on these names.

/// A field of `payment_details`: what validation errors name, and what the
/// payment types' field tables ([`crate::details::PaymentKind::fields`]) list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The card number.
    Number,
    /// The expiry (`month` + `year`, or `expiry`).
    Expiry,
    /// The security code (`verification_value`).
    VerificationValue,
    /// The cardholder name.
    Name,
    /// The payment type (`type`).
    Type,
    /// The shopper's email address.
    Email,
    /// The shopper's phone number.
    Phone,
    /// The convenience store chain (konbini).
    Store,
    /// Days until a konbini or bank transfer payment expires.
    ExpiryDays,
    /// Given name (bank transfer, Pay-easy; credit card when `name` is absent).
    GivenName,
    /// Family name (bank transfer, Pay-easy; credit card when `name` is absent).
    FamilyName,
    /// Given name in katakana.
    GivenNameKana,
    /// Family name in katakana.
    FamilyNameKana,
    /// The number of a prepaid card (WebMoney, NET CASH, BitCash, nanaco, Steam).
    PrepaidNumber,
    /// Culture Voucher ID.
    CultureId,
    /// Culture Voucher password.
    CulturePassword,
    /// Happy Money ID.
    HappyMoneyId,
    /// Happy Money password.
    HappyMoneyPassword,
    /// Dospara user number.
    UserNo,
    /// Dospara user password.
    UserPassword,
    /// Where the shopper returns after paying (zgold).
    ReturnUrl,
}

impl Field {
    /// The field's name as the API and JavaScript use it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Expiry => "expiry",
            Field::VerificationValue => "verification_value",
            Field::Name => "name",
            Field::Type => "type",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Store => "store",
            Field::ExpiryDays => "expiry_days",
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::GivenNameKana => "given_name_kana",
            Field::FamilyNameKana => "family_name_kana",
            Field::PrepaidNumber => "prepaid_number",
            Field::CultureId => "culture_id",
            Field::CulturePassword => "culture_password",
            Field::HappyMoneyId => "happy_money_id",
            Field::HappyMoneyPassword => "happy_money_password",
            Field::UserNo => "user_no",
            Field::UserPassword => "user_password",
            Field::ReturnUrl => "return_url",
        }
    }
}

impl Field {
    /// Every field, in declaration order.
    pub const ALL: [Field; 21] = [
        Field::Number,
        Field::Expiry,
        Field::VerificationValue,
        Field::Name,
        Field::Type,
        Field::Email,
        Field::Phone,
        Field::Store,
        Field::ExpiryDays,
        Field::GivenName,
        Field::FamilyName,
        Field::GivenNameKana,
        Field::FamilyNameKana,
        Field::PrepaidNumber,
        Field::CultureId,
        Field::CulturePassword,
        Field::HappyMoneyId,
        Field::HappyMoneyPassword,
        Field::UserNo,
        Field::UserPassword,
        Field::ReturnUrl,
    ];

    /// The field named `name` (its [`Field::as_str`]), ASCII case ignored.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }

    /// Whether it holds a credential (see [`is_secret`]).
    pub const fn is_secret(self) -> bool {
        is_secret(self)
    }
}

/// Whether a field holds a credential: never echoed, never shown by `Debug`.
/// The IDs of vouchers and accounts count: with the password they spend money.
pub const fn is_secret(field: Field) -> bool {
    matches!(
        field,
        Field::Number
            | Field::VerificationValue
            | Field::PrepaidNumber
            | Field::CultureId
            | Field::CulturePassword
            | Field::HappyMoneyId
            | Field::HappyMoneyPassword
            | Field::UserNo
            | Field::UserPassword
    )
}
