"""Documents, the review request, the reviewer's page and the patient's to-dos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cartnav import access
from cartnav.accounts.models import User
from cartnav.accounts.roles import STAFF_ROLES
from cartnav.audit import services as audit
from cartnav.patients.models import Case
from cartnav.patients.services import ServiceError
from cartnav.records import fhir, imports, pdf, services
from cartnav.records.files import INLINE
from cartnav.records.models import Decision, ReviewRequest
from cartnav.screening.services import current_result


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("patients:case", case_id=case.pk)


@login_required
@require_POST
def upload(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    file = request.FILES.get("file")
    try:
        if file is None:
            raise ServiceError(_("Choose a file to upload."))
        todo_id = request.POST.get("todo", "")
        todo = case.todos.filter(pk=int(todo_id)).first() if todo_id.isdigit() else None
        if todo_id and todo is None:
            raise ServiceError(_("That item is not open on this case."))
        services.upload_document(
            request,
            case,
            file,
            request.POST.get("kind", ""),
            request.POST.get("note", ""),
            todo=todo,
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The document is uploaded."))
    return _back(request, case)


@login_required
def document(request: HttpRequest, case_id: str, document_id: int) -> HttpResponse:
    case = access.page_case(request, case_id)
    doc = case.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    response = HttpResponse(services.open_document(request, doc), content_type=doc.content_type)
    disposition = "inline" if doc.content_type in INLINE else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{doc.sha256[:12]}{_extension(doc.content_type)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; object-src 'self'"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _extension(content_type: str) -> str:
    return {
        "application/pdf": ".pdf",
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "application/dicom": ".dcm",
        "text/csv": ".csv",
    }[content_type]


@login_required
@require_POST
def send_for_review(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.page_case(request, case_id, access.Action.SEND_FOR_REVIEW)
    chosen = request.POST.get("reviewer", "")
    reviewer = (
        User.objects.filter(pk=int(chosen)).first()
        if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
        else None
    )
    try:
        if reviewer is None:
            raise ServiceError(_("Choose a specialist reviewer of this case's hospital."))
        services.send_for_review(request, case, reviewer)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The packet was sent for review."))
    return redirect("patients:case", case_id=case.pk)


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The reviewer's queue: the reviews sent to them and still undecided, oldest first, then
    the ones they decided lately. Only cases the reviewer may see (their hospitals')."""
    visible = access.visible_cases(request.user).values("pk")
    mine = ReviewRequest.objects.filter(reviewer=request.user, case__in=visible).select_related(
        "case", "case__patient", "sent_by"
    )
    waiting = list(mine.filter(decision=Decision.PENDING).order_by("sent_at", "pk"))
    decided = list(mine.exclude(decision=Decision.PENDING).order_by("-decided_at", "-pk")[:20])
    audit.record(
        request,
        "list_my_reviews",
        detail={"waiting": len(waiting), "decided": len(decided)},
    )
    return render(request, "records/my_reviews.html", {"waiting": waiting, "decided": decided})


def _profile_facts(case: Case) -> dict[str, object]:
    """The prior lines and laboratory values of the case's screening profile, for the reviewer."""
    profile = getattr(case, "screening_profile", None)
    data = profile.data if profile is not None else {}
    lines = data.get("lines") if isinstance(data.get("lines"), list) else []
    labs = data.get("labs") if isinstance(data.get("labs"), dict) else {}
    return {
        "lines": [line for line in lines if isinstance(line, dict)],
        "labs": sorted((k, v) for k, v in labs.items() if isinstance(v, dict)),
    }


@login_required
def review(request: HttpRequest, case_id: str) -> HttpResponse:
    """The reviewer's page: a structured summary, the documents, the screening options, and the
    decision form."""
    case = access.page_case(request, case_id)
    pending = case.reviews.filter(decision=Decision.PENDING).select_related("reviewer").first()
    if request.method == "POST":
        case = access.page_case(request, case_id, access.Action.DECIDE_REVIEW)
        if pending is None:
            raise Http404
        try:
            services.decide(
                request,
                pending,
                request.POST.get("decision", ""),
                proposal=request.POST.get("proposal", ""),
                reason=request.POST.get("reason", ""),
                items=request.POST.get("items", "").splitlines(),
            )
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your decision is recorded and the patient is told."))
            return redirect("patients:case", case_id=case.pk)
    result = current_result(case)
    options = [o for o in (result.options if result else []) if o["verdict"] != "not_eligible"][:15]
    context = {
        "case": case,
        "pending": pending,
        "reviews": case.reviews.select_related("reviewer"),
        "documents": case.documents.all(),
        "options": options,
        "history": case.stage_changes.select_related("by"),
        "may_decide": pending is not None and pending.reviewer_id == request.user.pk,
        **_profile_facts(case),
    }
    return render(request, "records/review.html", context)


@login_required
def summary_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    """The case summary PDF for the reviewer (staff of the case's hospital), ?lang=en|zh-hans."""
    case = access.page_case(request, case_id)
    if request.user.role not in (*STAFF_ROLES, "admin"):
        raise PermissionDenied
    language = (
        request.GET.get("lang")
        if request.GET.get("lang") in ("en", "zh-hans")
        else request.LANGUAGE_CODE
    )
    audit.record(
        request,
        "export_summary_pdf",
        case,
        patient_id=case.patient_id,
        detail={"language": language},
    )
    response = HttpResponse(pdf.summary_pdf(case, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-summary-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def todo_done(request: HttpRequest, case_id: str, todo_id: int) -> HttpResponse:
    case = access.page_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    todo = case.todos.filter(pk=todo_id).first()
    if todo is None:
        raise Http404
    try:
        services.mark_done(request, todo, request.POST.get("explanation", ""))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return _back(request, case)


@login_required
@require_POST
def fhir_preview(request: HttpRequest, case_id: str) -> HttpResponse:
    """Step 1: show whom the bundle names, what it would add and what conflicts with the case's
    facts, before anything is stored. The bundle waits as a file for step 2."""
    case = access.page_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    upload = request.FILES.get("bundle")
    repair = request.POST.get("repair_ids") == "yes"
    context: dict[str, object] = {"case": case, "next": request.POST.get("next", "")}
    try:
        if upload is None:
            raise fhir.BundleError([{"path": "$", "message": _("Choose a bundle file.")}])
        if upload.size > fhir.MAX_BUNDLE_BYTES:
            raise fhir.BundleError(
                [
                    {
                        "path": "$",
                        "message": _("The file is larger than %(mb)s MB.")
                        % {"mb": fhir.MAX_BUNDLE_BYTES // (1024 * 1024)},
                    }
                ]
            )
        raw = upload.read()
        plan = imports.plan_import(case, raw, repair_ids=repair)
    except fhir.BundleError as exc:
        return render(
            request, "records/fhir_preview.html", {**context, "issues": exc.issues}, status=422
        )
    pending = imports.stash(request, case, raw, repair_ids=repair, digest=plan.profile_digest)
    context.update(
        plan=plan,
        preview=plan.preview,
        pending=pending,
        may_confirm=imports.may_confirm(request.user),
    )
    return render(request, "records/fhir_preview.html", context)


@login_required
@require_POST
def fhir_import(request: HttpRequest, case_id: str) -> HttpResponse:
    """Step 2: import the previewed bundle, with the conflicting facts the person chose."""
    case = access.page_case(request, case_id, access.Action.UPLOAD_DOCUMENT)
    pending = imports.pending_bundle(request, case, request.POST.get("pending", ""))
    if pending is None:
        messages.error(request, _("Upload the bundle again: its preview has expired."))
        return _back(request, case)
    try:
        imports.import_bundle(
            request,
            case,
            imports.read_pending(pending),
            repair_ids=pending.repair_ids,
            take=request.POST.getlist("take"),
            confirm_identity=request.POST.get("confirm_identity") == "yes",
            expected_digest=pending.profile_digest,
        )
    except (fhir.BundleError, ServiceError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The records from the bundle are imported."))
    imports.discard(pending)
    return _back(request, case)
