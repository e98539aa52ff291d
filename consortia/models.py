"""Organisations, proposals, their memberships and the invitations sent to members' contacts."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from consortia import storage
from lots.choices import OrganisationKind, Role, kind_label
from lots.models import MAX_GRANT_EUR, Lot, Sector

PIC_PATTERN = r"^[0-9]{9}\Z"
OID_PATTERN = r"^E[0-9]{8}\Z"
# The database check uses a portable regex (SQLite and PostgreSQL): no \Z there.
PIC_SQL_PATTERN = r"^[0-9]{9}$"
OID_SQL_PATTERN = r"^E[0-9]{8}$"

validate_pic = RegexValidator(PIC_PATTERN, _("A PIC has exactly 9 digits, e.g. 949123456."))
validate_oid = RegexValidator(OID_PATTERN, _("An OID is E followed by 8 digits, e.g. E10123456."))


class Organisation(models.Model):
    """An organisation of the directory. Programme or Partner country depends on the call, so it
    is derived from ``country`` when needed, never stored."""

    class Size(models.TextChoices):
        SMALL = "small", _("Small (under 50 staff)")
        MEDIUM = "medium", _("Medium (50 to 249 staff)")
        LARGE = "large", _("Large (250 staff or more)")

    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    legal_name = models.CharField(max_length=250)
    short_name = models.CharField(max_length=60, blank=True)
    country = CountryField()
    kind = models.CharField(max_length=30, choices=OrganisationKind)
    size = models.CharField(
        max_length=10, choices=Size, blank=True, help_text=_("Enterprises only.")
    )
    ownership = models.CharField(max_length=10, choices=Ownership, blank=True)
    pic = models.CharField(
        "PIC",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_pic],
        help_text=_("Participant Identification Code: 9 digits."),
    )
    oid = models.CharField(
        "OID",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_oid],
        help_text=_("Erasmus+ Organisation ID: E and 8 digits."),
    )
    website = models.URLField(blank=True)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="organisations")
    history = HistoricalRecords()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_organisations",
        help_text=_(
            "Who may change its data and decide on corrections: its creator, and who accepted "
            "an invitation a manager sent to their own address."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pic__isnull=True) | Q(pic__regex=PIC_SQL_PATTERN),
                name="pic_format",
                violation_error_message=_("A PIC has exactly 9 digits."),
            ),
            models.CheckConstraint(
                condition=Q(oid__isnull=True) | Q(oid__regex=OID_SQL_PATTERN),
                name="oid_format",
                violation_error_message=_("An OID is E followed by 8 digits."),
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.ENTERPRISE) | Q(size=""),
                name="size_only_for_enterprises",
                violation_error_message=_("Only enterprises have a size."),
            ),
        ]
        indexes = [
            # Also the gap suggestions' walk: the first by name of each country and kind.
            models.Index(
                fields=["country", "kind", "legal_name", "id"], name="organisation_by_country_kind"
            ),
            # The directory lists by name a page at a time, without sorting the whole table,
            # also within a country (names follow the language, so a walk by name alone
            # reads most other countries first).
            models.Index(fields=["legal_name", "id"], name="organisation_by_name"),
            models.Index(fields=["country", "legal_name", "id"], name="organisation_by_country"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("consortia:organisation-detail", args=[self.pk])

    def get_kind_display(self) -> str:
        """Also for a retired kind, which a submitted proposal's snapshot may show."""
        return kind_label(self.kind)


# The fields a correction may change: the organisation's own data, not its sectors or managers.
CORRECTABLE_FIELDS = (
    "legal_name",
    "short_name",
    "country",
    "kind",
    "size",
    "ownership",
    "pic",
    "oid",
    "website",
    "street",
    "postcode",
    "city",
)


class OrganisationCorrection(models.Model):
    """Changes to an organisation's data proposed by someone who does not manage it (a partner
    accepting an invitation); they apply only when a manager or staff accept them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="corrections"
    )
    fields = models.JSONField(help_text=_("The proposed values, by field name."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Correction of {self.organisation} ({self.get_status_display()})"


class Proposal(models.Model):
    """A proposal to a lot, owned by its coordinator. ``version`` grows on every save of the
    wizard, for optimistic locking between tabs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Ineligible")
        NEEDS_CLARIFICATION = "needs_clarification", _("Needs clarification")

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=300, blank=True)
    acronym = models.CharField(max_length=30, blank=True)
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    occupational_profiles = models.TextField(
        blank=True, help_text=_("The occupations the project addresses, one per line.")
    )
    duration_years = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    requested_grant_eur = models.DecimalField(
        "requested EU grant (EUR)",
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_GRANT_EUR)],
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_proposals"
    )
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The engine's verdict today, stored by services.verdicts.refresh_verdicts (never by a
    # form): null until first computed. Lists and filters read these, not the engine.
    eligible = models.BooleanField(null=True, editable=False)
    failing_checks = models.JSONField(default=list, editable=False)
    programme_country_count = models.PositiveSmallIntegerField(null=True, editable=False)
    verdict_at = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "eligible",
            "failing_checks",
            "programme_country_count",
            "verdict_at",
        ]
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The lists' order (a page of 10,000 without sorting them all), and the admin's
            # eligibility filter in that order.
            models.Index(fields=["-updated_at", "-id"], name="proposal_by_recent"),
            models.Index(fields=["eligible", "-updated_at", "-id"], name="proposal_by_verdict"),
        ]
        # Who reviews is this permission (the Reviewers group holds it), never is_staff.
        permissions = [("review_proposal", "Can review proposals and read every export")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_years__isnull=True) | Q(duration_years__range=(1, 6)),
                name="duration_in_years",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.title or f"Proposal {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("consortia:proposal-detail", args=[self.pk])


class Membership(models.Model):
    """An organisation's place in a proposal's consortium, with its contact and mandate."""

    class Status(models.TextChoices):
        TO_INVITE = "to_invite", _("Not invited")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_language = models.CharField(
        _("contact's language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the invitation and its reminders to this contact."),
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.TO_INVITE)
    mandate_version = models.CharField(max_length=20, blank=True)
    mandate_confirmed_at = models.DateTimeField(null=True, blank=True)
    mandate_language = models.CharField(
        _("mandate language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the mandate text the partner read and confirmed."),
    )
    mandate_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text=_("The account that accepted the invitation; it sees the proposal."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"],
                name="one_membership_per_organisation",
                violation_error_message=_("This organisation is already in the consortium."),
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(role=Role.APPLICANT),
                name="one_applicant_per_proposal",
                violation_error_message=_("A proposal has one applicant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_full_partner(self) -> bool:
        return self.role == Role.FULL_PARTNER

    @property
    def left_to_invite(self) -> bool:
        """A partner "Invite all" sends to: with a contact, not invited yet (the query of
        ``services.invite_members`` says the same)."""
        return (
            self.role != Role.APPLICANT
            and bool(self.contact_email)
            and self.status == self.Status.TO_INVITE
        )


class Invitation(models.Model):
    """One sending of a link to a member's contact, by email or as a copied link. Only the
    SHA-256 of the link's random token is stored; the token exists in the link alone."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        LINK = "link", _("Copied link")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        REVOKED = "revoked", _("Revoked")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the invitation, its reminders and its link's pages use."),
    )
    channel = models.CharField(max_length=5, choices=Channel, default=Channel.EMAIL)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    reminder_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    expiry_reminder_sent = models.BooleanField(default=False)
    deadline_reminder_sent = models.BooleanField(default=False)
    new_link_requested_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"Invitation to {self.email} ({self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_by_email(self) -> bool:
        return self.channel == self.Channel.EMAIL

    @property
    def is_by_link(self) -> bool:
        return self.channel == self.Channel.LINK


class MandateText(models.Model):
    """A version of the mandate a full partner gives the applicant, its text in English, French
    and German (``consortia.translation``). Partners confirm the newest version in their
    language; the version and the language they confirmed stay on their membership."""

    version = models.CharField(max_length=20, unique=True)
    text = models.TextField(
        help_text=_("Placeholders: {organisation}, {applicant}, {acronym}, {title}, {call}.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Mandate {self.version}"

    def render(self, **values: str) -> str:
        """The text with its placeholders filled; an unknown placeholder stays as written."""
        return self.text.format_map(KeepUnknown(values))

    def language_shown(self) -> str:
        """The language ``text`` reads now: the active one, or English when it has no
        translation in that language."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return language if getattr(self, f"text_{language}", None) else "en"


class KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Submission(models.Model):
    """One submission of a proposal: the snapshot of what was submitted (proposal, consortium,
    the lot's rules and the report at that time) and its SHA-256, the coordinator's receipt."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="submissions")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.proposal} submitted {self.submitted_at:%Y-%m-%d %H:%M}"


class SentEmail(models.Model):
    """A notification email that was sent, by a stable key (e.g. "receipt:12"): a task that
    runs again sends nothing twice. Also the mail history admins read."""

    key = models.CharField(max_length=120, unique=True)
    to = models.CharField(max_length=500)
    subject = models.CharField(max_length=300)
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="sent_emails"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"


def export_path(job: "ExportJob", filename: str) -> str:
    return f"{job.proposal_id}/{job.pk}/{filename}"


class ExportJob(models.Model):
    """An export of a proposal (PDF, XLSX or JSON) made by a Celery task, with its progress;
    the file is in private storage and downloaded through a view that checks permission."""

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel (XLSX)")
        JSON = "json", _("JSON")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=4, choices=Format)
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text=_("Percent.")
    )
    file = models.FileField(storage=storage.exports, upload_to=export_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the file's labels, dates and numbers: the requester's."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_format_display()} of {self.proposal} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("consortia:export-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_done(self) -> bool:
        """The file is ready to download."""
        return self.status == self.Status.DONE

    @property
    def is_queued(self) -> bool:
        """Waiting for a worker."""
        return self.status == self.Status.QUEUED

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def duration(self) -> timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


def import_path(job: "DirectoryImport", filename: str) -> str:
    return f"{timezone.now():%Y/%m}/{filename}"


class DirectoryImport(models.Model):
    """An uploaded file of organisations for the directory: previewed, then confirmed; a large
    one is applied by a Celery task, which records its progress here. The file stays in the
    private storage ``STORAGES["imports"]``, where a worker on another machine reads it."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(storage=storage.imports, upload_to=import_path)
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEWED)
    rows = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(
        default=0, help_text=_("Organisations added by the import.")
    )
    updated_count = models.PositiveIntegerField(
        default=0, help_text=_("Organisations changed by the import.")
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text=_("Percent.")
    )
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:consortia_organisation_import_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_done(self) -> bool:
        """Applied: its outcome and refused rows can be read."""
        return self.status == self.Status.DONE

    @property
    def is_previewed(self) -> bool:
        """Shown to the administrator, not confirmed yet."""
        return self.status == self.Status.PREVIEWED

    @property
    def is_queued(self) -> bool:
        """Confirmed, waiting for a worker."""
        return self.status == self.Status.QUEUED

    @property
    def is_in_progress(self) -> bool:
        """Confirmed and not finished: its page reloads itself."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
