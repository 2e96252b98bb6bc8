"""Forms of the matter pages: they parse and keep what the user typed; services decide.

No business rule lives here: a form checks types and bounds, a view hands the values to one
service, and a refusal comes back onto the form with everything the user entered kept.

``register``: taking a matter in; ``page``: what the matter page offers (its steps, the
identity reveal, a file, an extension decision); ``lookup``: the petitioner's query code;
``fields``: what they share.
"""

from .fields import NOTE_MAX, TEXT_MAX, OrganChoiceField, OrganMultipleChoiceField
from .lookup import LookupForm
from .page import (
    EXTENSION_FORMS,
    AcceptForm,
    AttachmentForm,
    CloseForm,
    DeclineForm,
    DisciplineForm,
    ExecutionForm,
    ExtendForm,
    ExtensionApproveForm,
    ExtensionRefuseForm,
    FollowUpForm,
    HearingEndForm,
    HearingStartForm,
    ObjectionAgreeForm,
    ObjectionForm,
    ObjectionRefuseForm,
    ObjectionWithdrawForm,
    OpinionForm,
    OrderChoiceField,
    OtherOrganForm,
    PoliticsLawForm,
    ReplyForm,
    RequestForm,
    RevealForm,
    RouteForm,
    RouteOutForm,
    SatisfactionForm,
    SuperviseForm,
    SupervisionReplyForm,
)
from .register import CategoryChoiceField, CategoryChoiceIterator, MatterRegisterForm

__all__ = [
    "EXTENSION_FORMS",
    "NOTE_MAX",
    "TEXT_MAX",
    "AcceptForm",
    "AttachmentForm",
    "CategoryChoiceField",
    "CategoryChoiceIterator",
    "CloseForm",
    "DeclineForm",
    "DisciplineForm",
    "ExecutionForm",
    "ExtendForm",
    "ExtensionApproveForm",
    "ExtensionRefuseForm",
    "FollowUpForm",
    "HearingEndForm",
    "HearingStartForm",
    "LookupForm",
    "MatterRegisterForm",
    "ObjectionAgreeForm",
    "ObjectionForm",
    "ObjectionRefuseForm",
    "ObjectionWithdrawForm",
    "OpinionForm",
    "OrderChoiceField",
    "OrganChoiceField",
    "OrganMultipleChoiceField",
    "OtherOrganForm",
    "PoliticsLawForm",
    "ReplyForm",
    "RequestForm",
    "RevealForm",
    "RouteForm",
    "RouteOutForm",
    "SatisfactionForm",
    "SuperviseForm",
    "SupervisionReplyForm",
]
