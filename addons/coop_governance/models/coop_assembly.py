# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from fractions import Fraction

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

ASSEMBLY_KINDS = [("ordinary", "Ordinary"), ("extraordinary", "Extraordinary")]
NOTICES = [("first", "First notice"), ("second", "Second notice")]
ATTENDANCE = [
    ("absent", "Absent"),
    ("present", "Present"),
    ("remote", "Remote"),
    ("represented", "Represented (proxy)"),
]
VOTING = ("present", "remote", "represented")


class CoopAssemblyRule(models.Model):
    """The statutes' quorum, majority and notice delay for a kind of assembly and notice:
    configuration, not code."""

    _name = "coop.assembly.rule"
    _description = "Statutory rule of a general assembly"
    _order = "company_id, kind, notice"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(ASSEMBLY_KINDS, required=True)
    notice = fields.Selection(NOTICES, required=True, default="first")
    quorum_num = fields.Integer("Quorum", default=1, help="Numerator of the quorum's fraction.")
    quorum_den = fields.Integer(
        "Quorum of", default=4, help="Denominator of the quorum's fraction."
    )
    majority_num = fields.Integer("Majority", default=1)
    majority_den = fields.Integer("Majority of", default=2)
    majority_strict = fields.Boolean(
        "More than (not at least)",
        default=True,
        help="Adopted with more than the fraction of the votes cast (a simple majority); "
        "unchecked: with at least the fraction (e.g. two thirds).",
    )
    notice_days = fields.Integer("Notice delay (days)", default=15)

    _sql_constraints = [
        (
            "kind_notice_uniq",
            "unique(company_id, kind, notice)",
            "One rule per kind of assembly and notice.",
        )
    ]

    @api.constrains("quorum_num", "quorum_den", "majority_num", "majority_den", "notice_days")
    def _check_fractions(self):
        for rule in self:
            for num, den in (
                (rule.quorum_num, rule.quorum_den),
                (rule.majority_num, rule.majority_den),
            ):
                if den <= 0 or not 0 <= num <= den:
                    raise ValidationError(
                        self.env._("A quorum or a majority is a fraction between 0 and 1.")
                    )
            if rule.notice_days < 0:
                raise ValidationError(self.env._("A notice delay cannot be negative."))


class CoopAssemblyCollege(models.Model):
    """A voting college, for the cooperatives whose statutes have them (a SCIC, a SCOP
    with colleges): one person one vote inside each college, each college's result
    weighted by its share of the total."""

    _name = "coop.assembly.college"
    _description = "Voting college"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    weight = fields.Float("Weight (%)", required=True, digits=(5, 2))
    member_ids = fields.One2many("res.partner", "coop_college_id", string="Members")
    active = fields.Boolean(default=True)

    @api.constrains("weight")
    def _check_weight(self):
        for college in self:
            if not 0 < college.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "%s: a college weighs more than 0%% and 100%% at most.", college.name
                    )
                )


class CoopAssembly(models.Model):
    """A general assembly: the associés entitled to vote are fixed at the notice date."""

    _name = "coop.assembly"
    _description = "General assembly"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(ASSEMBLY_KINDS, required=True, default="ordinary", tracking=True)
    notice = fields.Selection(NOTICES, required=True, default="first", tracking=True)
    date = fields.Date(required=True, tracking=True)
    notice_date = fields.Date(readonly=True, copy=False, tracking=True)
    agenda = fields.Html()
    notice_attachment_ids = fields.Many2many(
        "ir.attachment",
        "coop_assembly_notice_attachment_rel",
        "assembly_id",
        "attachment_id",
        string="Notice documents",
        help="Sent with the notice: accounts, the board's report, the draft resolutions.",
    )
    use_colleges = fields.Boolean(
        "Vote by colleges",
        help="The statutes weigh each voting college's result: the associés' colleges are "
        "fixed at the notice with the attendance sheet.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("notified", "Notified"), ("closed", "Closed")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    attendee_ids = fields.One2many(
        "coop.assembly.attendee", "assembly_id", string="Attendance sheet"
    )
    resolution_ids = fields.One2many(
        "coop.assembly.resolution", "assembly_id", string="Resolutions"
    )
    notice_partner_to = fields.Char(
        compute="_compute_notice_partner_to", help="The associés the notice goes to (mail)."
    )
    minutes_file = fields.Binary("Signed minutes", attachment=True, copy=False)
    minutes_filename = fields.Char(copy=False)
    minutes_approved = fields.Boolean(readonly=True, copy=False, tracking=True)
    rule_id = fields.Many2one("coop.assembly.rule", compute="_compute_rule_id")
    entitled_count = fields.Integer("Associés entitled", compute="_compute_quorum")
    voting_count = fields.Integer("Present or represented", compute="_compute_quorum")
    quorum_required = fields.Integer("Quorum", compute="_compute_quorum")
    quorum_reached = fields.Boolean(compute="_compute_quorum")
    attendance_rate = fields.Float(
        "Attendance (%)", compute="_compute_quorum", digits=(5, 1), help="Present or remote."
    )
    proxy_rate = fields.Float("Represented (%)", compute="_compute_quorum", digits=(5, 1))

    @api.depends("attendee_ids.partner_id")
    def _compute_notice_partner_to(self):
        for assembly in self:
            assembly.notice_partner_to = ",".join(
                str(partner_id) for partner_id in assembly.attendee_ids.partner_id.ids
            )

    @api.depends("company_id", "kind", "notice")
    def _compute_rule_id(self):
        rules = self.env["coop.assembly.rule"].search([("company_id", "in", self.company_id.ids)])
        for assembly in self:
            assembly.rule_id = rules.filtered(
                lambda r, a=assembly: (
                    (r.company_id, r.kind, r.notice) == (a.company_id, a.kind, a.notice)
                )
            )[:1]

    @api.depends("attendee_ids.attendance", "attendee_ids.entitled", "rule_id")
    def _compute_quorum(self):
        for assembly in self:
            entitled = assembly.attendee_ids.filtered("entitled")
            voting = entitled.filtered(lambda a: a.attendance in VOTING)
            rule = assembly.rule_id
            assembly.entitled_count = len(entitled)
            assembly.voting_count = len(voting)
            required = math.ceil(rule.quorum_num * len(entitled) / rule.quorum_den) if rule else 0
            assembly.quorum_required = required
            attending = voting.filtered(lambda a: a.attendance != "represented")
            assembly.attendance_rate = 100.0 * len(attending) / len(entitled) if entitled else 0.0
            assembly.proxy_rate = (
                100.0 * (len(voting) - len(attending)) / len(entitled) if entitled else 0.0
            )
            assembly.quorum_reached = bool(rule and voting) and len(
                voting
            ) * rule.quorum_den >= rule.quorum_num * len(entitled)

    def action_notify(self, day=None):
        """Send the notice: refused without an agenda or later than the statutes' delay
        before the assembly; the associés entitled to vote are those of the notice date."""
        day = day or fields.Date.context_today(self)
        for assembly in self:
            if assembly.state != "draft":
                raise UserError(self.env._("%s has been notified already.", assembly.name))
            if not assembly.agenda or not assembly.agenda.striptags().strip():
                raise UserError(
                    self.env._("Write the agenda of %s before the notice.", assembly.name)
                )
            rule = assembly.rule_id
            if not rule:
                raise UserError(
                    self.env._(
                        "Set the statutes' quorum and majority for this kind of assembly and "
                        "notice in the configuration."
                    )
                )
            if (assembly.date - day).days < rule.notice_days:
                raise UserError(
                    self.env._(
                        "The statutes ask for %(days)s days' notice: notify by %(last)s, or move "
                        "the assembly.",
                        days=rule.notice_days,
                        last=fields.Date.subtract(assembly.date, days=rule.notice_days),
                    )
                )
            associates = self.env["res.partner"].search(
                [
                    ("coop_member_state", "=", "associate"),
                    ("coop_associate_date", "<=", day),
                ]
            )
            if assembly.use_colleges:
                assembly._check_colleges(associates)
            self.env["coop.assembly.attendee"].create(
                [
                    {
                        "assembly_id": assembly.id,
                        "partner_id": p.id,
                        "college_id": assembly.use_colleges and p.coop_college_id.id,
                    }
                    for p in associates
                ]
            )
            assembly.write({"state": "notified", "notice_date": day})
            assembly.resolution_ids._make_college_results()
            # The notice, in French for the associés of the demo CAE, with the agenda and
            # its documents; the chatter keeps it and who it went to.
            assembly.message_post_with_source(
                "coop_governance.mail_template_assembly_notice",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=[Command.set(assembly.notice_attachment_ids.ids)],
            )
        return True

    def _check_colleges(self, associates):
        colleges = self.env["coop.assembly.college"].search(
            [("company_id", "=", self.company_id.id)]
        )
        if round(sum(colleges.mapped("weight")), 2) != 100.0:
            raise UserError(
                self.env._(
                    "The colleges' weights add up to %s%%: the statutes share 100%% among them.",
                    round(sum(colleges.mapped("weight")), 2),
                )
            )
        outside = associates.filtered(lambda p: p.coop_college_id not in colleges)
        if outside:
            raise UserError(
                self.env._(
                    "%s belong to no voting college: set it on their contact before the notice.",
                    ", ".join(outside.mapped("display_name")),
                )
            )

    def action_close(self):
        self.filtered(lambda a: a.state == "notified").write({"state": "closed"})
        return True

    def action_approve_minutes(self):
        """The minutes signed: attach the signed scan, then approve; nothing of the
        assembly changes after."""
        for assembly in self:
            if assembly.state != "closed":
                raise UserError(self.env._("Close %s before approving its minutes.", assembly.name))
            if not assembly.minutes_file:
                raise UserError(
                    self.env._(
                        "Attach the signed minutes of %s before approving them.", assembly.name
                    )
                )
        self.write({"minutes_approved": True})
        return True

    def write(self, vals):
        if any(assembly.minutes_approved for assembly in self) and set(vals) - {
            "message_main_attachment_id",
            "activity_ids",
        }:
            raise UserError(self.env._("The minutes are approved: the assembly is locked."))
        return super().write(vals)


class CoopAssemblyAttendee(models.Model):
    """One associé on an assembly's attendance sheet: present, remote, represented by
    another associé's proxy, or absent."""

    _name = "coop.assembly.attendee"
    _description = "Associé on an assembly's attendance sheet"
    _order = "assembly_id, partner_id"
    _rec_name = "partner_id"

    assembly_id = fields.Many2one("coop.assembly", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Associé", required=True, index=True)
    attendance = fields.Selection(ATTENDANCE, required=True, default="absent")
    proxy_holder_id = fields.Many2one(
        "coop.assembly.attendee",
        string="Represented by",
        domain="[('assembly_id', '=', assembly_id), ('id', '!=', id)]",
    )
    proxy_ids = fields.One2many("coop.assembly.attendee", "proxy_holder_id", string="Proxies held")
    college_id = fields.Many2one(
        "coop.assembly.college", readonly=True, help="Fixed at the notice."
    )
    entitled = fields.Boolean(
        compute="_compute_entitled",
        help="Still an associé: one who left since the notice no longer votes.",
    )

    _sql_constraints = [
        ("partner_uniq", "unique(assembly_id, partner_id)", "An associé is once on the sheet.")
    ]

    @api.depends("partner_id.coop_member_state")
    def _compute_entitled(self):
        for attendee in self:
            attendee.entitled = attendee.partner_id.coop_member_state == "associate"

    def write(self, vals):
        if set(vals) & {"attendance", "proxy_holder_id"}:
            closed = self.filtered(lambda a: a.assembly_id.state != "notified")
            if closed:
                raise UserError(
                    self.env._(
                        "The attendance of an assembly is taken between its notice and its close."
                    )
                )
            self._check_proxies(vals)
        return super().write(vals)

    def _check_proxies(self, vals):
        """Before ``vals`` is written, what the SCOP law says (loi 78-763, art. 11): an
        associé may only be represented by another associé, and no associé may hold, beyond
        their own vote, more than one vote when the cooperative has fewer than twenty
        associés, nor more than a twentieth of the associés when it has twenty or more."""
        law = self.env._(
            "An associé may only be represented by another associé, and no associé may hold, "
            "beyond their own vote, more than one vote when the cooperative has fewer than "
            "twenty associés, nor more than a twentieth of the associés when it has twenty or "
            "more."
        )

        def attendance_of(attendee):
            if attendee in self:
                return vals.get("attendance", attendee.attendance)
            return attendee.attendance

        def holder_of(attendee):
            if attendee in self and "proxy_holder_id" in vals:
                return self.browse(vals["proxy_holder_id"])
            return attendee.proxy_holder_id

        votes = (
            self.env["coop.assembly.vote"]
            .sudo()
            .search(
                [
                    "|",
                    ("voter_id", "in", (self | self.proxy_holder_id).ids),
                    ("attendee_id", "in", self.ids),
                ],
                limit=1,
            )
        )
        if votes:
            raise UserError(
                self.env._(
                    "%s has voted already: their attendance and proxies are locked.",
                    votes.voter_id.partner_id.display_name,
                )
            )
        for attendee in self:
            attendance, holder = attendance_of(attendee), holder_of(attendee)
            if attendance in VOTING and not attendee.entitled:
                raise UserError(
                    self.env._(
                        "%s has left the cooperative since the notice: they no longer vote.",
                        attendee.partner_id.display_name,
                    )
                )
            if (attendance == "represented") != bool(holder):
                raise UserError(
                    self.env._(
                        "%s: an associé is represented by a proxy holder, and only then.",
                        attendee.partner_id.display_name,
                    )
                )
            if not holder:
                continue
            if (
                holder.assembly_id != attendee.assembly_id
                or holder == attendee
                or not holder.entitled
                or attendance_of(holder) not in ("present", "remote")
            ):
                raise UserError(
                    self.env._(
                        "%(holder)s cannot hold the proxy of %(member)s: they must be an "
                        "associé present at the assembly. %(law)s",
                        holder=holder.partner_id.display_name,
                        member=attendee.partner_id.display_name,
                        law=law,
                    )
                )
            sheet = attendee.assembly_id.attendee_ids
            count = len(sheet)
            cap = 1 if count < 20 else count // 20
            held = len(sheet.filtered(lambda a, h=holder: holder_of(a) == h))
            if held > cap:
                raise UserError(
                    self.env._(
                        "%(holder)s would hold %(held)s proxies; with %(count)s associés the law "
                        "allows %(cap)s. %(law)s",
                        holder=holder.partner_id.display_name,
                        held=held,
                        count=count,
                        cap=cap,
                        law=law,
                    )
                )
        # A holder who stops attending cannot keep the proxies they hold.
        for holder in self.filtered(
            lambda a: (
                attendance_of(a) not in ("present", "remote")
                and a.proxy_ids.filtered(lambda p, h=a: holder_of(p) == h)
            )
        ):
            raise UserError(
                self.env._(
                    "%s holds proxies: give them to another associé present first.",
                    holder.partner_id.display_name,
                )
            )


CHOICES = [("for", "For"), ("against", "Against"), ("abstain", "Abstain"), ("blank", "Blank")]


class CoopAssemblyResolution(models.Model):
    """A resolution put to the vote: one person, one vote. Its results are counters kept on
    the resolution; the individual choices of a secret ballot are never stored."""

    _name = "coop.assembly.resolution"
    _description = "Resolution of a general assembly"
    _order = "assembly_id, sequence, id"

    assembly_id = fields.Many2one("coop.assembly", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Resolution", required=True)
    text = fields.Html()
    secret = fields.Boolean("Secret ballot", help="Only the totals are kept, never who voted what.")
    allow_blank = fields.Boolean("Blank votes", help="The statutes count blank votes apart.")
    count_for = fields.Integer("For", readonly=True, copy=False)
    count_against = fields.Integer("Against", readonly=True, copy=False)
    count_abstain = fields.Integer("Abstentions", readonly=True, copy=False)
    count_blank = fields.Integer("Blank", readonly=True, copy=False)
    vote_ids = fields.One2many("coop.assembly.vote", "resolution_id", string="Votes", readonly=True)
    college_result_ids = fields.One2many(
        "coop.assembly.resolution.college", "resolution_id", string="Results per college"
    )
    weighted_for = fields.Float(
        "For, weighted (%)",
        compute="_compute_adopted",
        digits=(5, 2),
        help="With colleges: each college's share of votes for, weighted by the college; the "
        "colleges where no vote was cast share their weight among the others.",
    )
    adopted = fields.Boolean(compute="_compute_adopted")

    @api.depends(
        "count_for",
        "count_against",
        "assembly_id.quorum_reached",
        "college_result_ids.count_for",
        "college_result_ids.count_against",
    )
    def _compute_adopted(self):
        for resolution in self:
            rule = resolution.assembly_id.rule_id
            if resolution.assembly_id.use_colleges:
                # Exact fractions: a weighted result at the majority's edge is decided right.
                share, weights = Fraction(0), Fraction(0)
                for result in resolution.college_result_ids:
                    cast = result.count_for + result.count_against
                    if cast:
                        weight = Fraction(str(result.weight))
                        share += weight * Fraction(result.count_for, cast)
                        weights += weight
                pros = share / weights if weights else None
                resolution.weighted_for = float(pros * 100) if pros is not None else 0.0
                needed = Fraction(rule.majority_num or 0, rule.majority_den or 1)
            else:
                cast = resolution.count_for + resolution.count_against
                pros = Fraction(resolution.count_for, cast) if cast else None
                resolution.weighted_for = 0.0
                needed = Fraction(rule.majority_num or 0, rule.majority_den or 1)
            resolution.adopted = (
                bool(rule)
                and pros is not None
                and resolution.assembly_id.quorum_reached
                and (pros > needed if rule.majority_strict else pros >= needed)
            )

    @api.model_create_multi
    def create(self, vals_list):
        resolutions = super().create(vals_list)
        resolutions.filtered(lambda r: r.assembly_id.state == "notified")._make_college_results()
        return resolutions

    def _make_college_results(self):
        """One row of counters per college, made before the first vote so that votes cast
        at once only add to them."""
        for resolution in self.filtered("assembly_id.use_colleges"):
            colleges = resolution.assembly_id.attendee_ids.college_id
            missing = colleges - resolution.college_result_ids.college_id
            self.env["coop.assembly.resolution.college"].sudo().create(
                [
                    {"resolution_id": resolution.id, "college_id": c.id, "weight": c.weight}
                    for c in missing
                ]
            )

    def write(self, vals):
        counters = {"count_for", "count_against", "count_abstain", "count_blank"}
        if set(vals) & counters and not self.env.su:
            raise UserError(self.env._("A resolution's results are counted from its votes."))
        return super().write(vals)

    def action_vote(self, attendee, choice):
        """Cast ``attendee``'s vote on this resolution: by themselves when present or
        remote, by their proxy holder when represented. An associé votes for themselves
        and the proxies they hold; the staff record the votes of the room."""
        self.ensure_one()
        resolution = self.sudo()
        attendee = attendee.sudo()
        assembly = resolution.assembly_id
        if assembly.state != "notified" or attendee.assembly_id != assembly:
            raise UserError(
                self.env._("Votes are cast between the assembly's notice and its close.")
            )
        if choice not in dict(CHOICES) or (choice == "blank" and not resolution.allow_blank):
            raise UserError(self.env._("This vote is not one the statutes count here."))
        if not attendee.entitled or attendee.attendance not in VOTING:
            raise UserError(
                self.env._(
                    "%s is not present or represented: they cannot vote.",
                    attendee.partner_id.display_name,
                )
            )
        voter = attendee.proxy_holder_id if attendee.attendance == "represented" else attendee
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("coop_entrepreneur.group_coop_manager")
            or user.partner_id == voter.partner_id
        ):
            raise AccessError(
                self.env._("An associé votes for themselves and for the proxies they hold.")
            )
        if resolution.vote_ids.filtered(lambda v: v.attendee_id == attendee):
            raise UserError(
                self.env._(
                    "%(member)s has voted on %(resolution)s already.",
                    member=attendee.partner_id.display_name,
                    resolution=resolution.name,
                )
            )
        college_results = self.env["coop.assembly.resolution.college"]
        if assembly.use_colleges:
            college_results = resolution.college_result_ids.filtered(
                lambda r: r.college_id == attendee.college_id
            )
            if not college_results:
                raise UserError(
                    self.env._(
                        "%s belongs to no voting college of this assembly: the votes are "
                        "counted by college.",
                        attendee.partner_id.display_name,
                    )
                )
        self.env["coop.assembly.vote"].sudo().create(
            {
                "resolution_id": resolution.id,
                "attendee_id": attendee.id,
                "voter_id": voter.id,
                "choice": False if resolution.secret else choice,
            }
        )
        column = f"count_{choice}"
        _count_vote(resolution, column)
        if college_results:
            _count_vote(college_results, column)
        return True

    def action_open_vote(self):
        """The staff record the votes of the room (or an associé their own and their
        proxies'), several associés with the same choice at once."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record votes: %s", self.name),
            "res_model": "coop.assembly.vote.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_resolution_id": self.id},
        }


def _count_vote(record, column):
    """One more vote in ``record``'s counter ``column``, counted in the database so that
    votes cast at once all count."""
    record.flush_recordset([column])
    record.env.cr.execute(
        SQL(
            "UPDATE %(table)s SET %(column)s = COALESCE(%(column)s, 0) + 1 WHERE id = %(id)s",
            table=SQL.identifier(record._table),
            column=SQL.identifier(column),
            id=record.id,
        )
    )
    record.invalidate_recordset([column])


class CoopAssemblyResolutionCollege(models.Model):
    """A resolution's counters in one college: totals only, kept like the resolution's."""

    _name = "coop.assembly.resolution.college"
    _description = "Result of a resolution in a voting college"
    _order = "resolution_id, college_id"

    resolution_id = fields.Many2one(
        "coop.assembly.resolution", required=True, ondelete="cascade", index=True
    )
    college_id = fields.Many2one("coop.assembly.college", required=True, ondelete="restrict")
    weight = fields.Float("Weight (%)", digits=(5, 2), help="The college's weight at the notice.")
    count_for = fields.Integer("For", default=0)
    count_against = fields.Integer("Against", default=0)
    count_abstain = fields.Integer("Abstentions", default=0)
    count_blank = fields.Integer("Blank", default=0)

    _sql_constraints = [
        ("college_uniq", "unique(resolution_id, college_id)", "One result per college.")
    ]

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("A resolution's results are counted from its votes."))
        return super().write(vals)


class CoopAssemblyVote(models.Model):
    """That an associé voted on a resolution, and by whom; the choice only for an open
    ballot."""

    _name = "coop.assembly.vote"
    _description = "Vote on a resolution"
    _order = "resolution_id, id"

    resolution_id = fields.Many2one(
        "coop.assembly.resolution", required=True, ondelete="cascade", index=True
    )
    attendee_id = fields.Many2one("coop.assembly.attendee", string="On behalf of", required=True)
    voter_id = fields.Many2one("coop.assembly.attendee", string="Cast by", required=True)
    choice = fields.Selection(CHOICES, help="Empty for a secret ballot: never stored.")

    _sql_constraints = [
        (
            "attendee_uniq",
            "unique(resolution_id, attendee_id)",
            "An associé votes once on a resolution.",
        )
    ]

    def write(self, vals):
        if vals:
            raise UserError(self.env._("A vote is never changed once cast."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A vote is never deleted once cast."))
