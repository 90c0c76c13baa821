"""Pages of the question box: the public form and FAQ, and the answerers' back office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.cooperations.models import Cooperation
from maillage.core.actions import saved_on_form
from maillage.core.paging import page_of
from maillage.core.ratelimit import delay_in_words, rate_limit

from .. import services
from ..forms_questions import NATIONAL, AnswerForm, FaqEntryForm, QuestionForm
from ..models import FaqEntry, Question

PER_PAGE = 20
# A question mails several people: a burst from one address is refused.
QUESTION_RATE = "5/h"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- public pages ---------------------------------------------------------------------------


@rate_limit("animation.question", ip=QUESTION_RATE, block=False)
@require_http_methods(["GET", "HEAD", "POST"])
def question_ask(request):
    """The question form; `?cooperation=<slug>` chooses the cooperation beforehand."""
    initial = {}
    slug = request.GET.get("cooperation", "")
    if slug == NATIONAL:
        initial["cooperation"] = NATIONAL
    elif slug:
        chosen = Cooperation.objects.filter(slug=slug).values_list("pk", flat=True).first()
        initial["cooperation"] = str(chosen or "")
    form = QuestionForm(
        request.POST if request.method == "POST" else None, initial=initial, user=request.user
    )
    status = 200
    if request.method == "POST" and request.rate_limited:
        form.is_valid()
        form.add_error(
            None,
            "Vous avez envoyé plusieurs questions en peu de temps : réessayez dans "
            f"{delay_in_words(request.rate_limited.retry_after)}. "
            "Votre question est conservée ci-dessous.",
        )
        status = 429
    elif request.method == "POST":
        asked = []
        done = saved_on_form(
            request,
            form,
            lambda: asked.append(
                services.question_ask(
                    actor=request.user,
                    cooperation=form.addressee,
                    text=form.cleaned_data["text"],
                    name=form.person()[0],
                    email=form.person()[1],
                    base_url=_base_url(request),
                )
            ),
        )
        if done:
            request.session["question_addressee"] = asked[0].addressee
            return redirect("animation:question_sent")
        status = 400
    response = render(request, "animation/questions/ask.html", {"form": form}, status=status)
    if status == 429:
        response["Retry-After"] = str(request.rate_limited.retry_after)
    return response


@require_GET
def question_sent(request):
    return render(
        request,
        "animation/questions/sent.html",
        {"addressee": request.session.get("question_addressee", "")},
    )


@require_GET
def faq(request):
    """The public FAQ: national and per cooperation, searchable accents aside."""
    entries = FaqEntry.objects.select_related("cooperation")
    chosen = {"cooperation": request.GET.get("cooperation", ""), "q": request.GET.get("q", "")}
    cooperation = None
    if chosen["cooperation"] == NATIONAL:
        entries = entries.national()
    elif chosen["cooperation"]:
        cooperation = Cooperation.objects.filter(slug=chosen["cooperation"]).first()
        entries = entries.filter(cooperation=cooperation)
    if chosen["q"].strip():
        entries = entries.search(chosen["q"][:200])
    cooperations = Cooperation.objects.filter(faq_entries__isnull=False).distinct()
    return render(
        request,
        "animation/questions/faq.html",
        {
            "page": page_of(request, entries, PER_PAGE),
            "cooperations": cooperations.order_by("name"),
            "cooperation": cooperation,
            "chosen": chosen,
            "national": NATIONAL,
        },
    )


# --- the answerers' back office -------------------------------------------------------------


def answerable_question(request, pk) -> Question:
    """The gatekeeper of a question's pages, called first: the question if the user answers
    it (an animator of its cooperation, or staff), else 404."""
    questions = Question.objects.answerable_by(request.user).select_related(
        "cooperation", "answered_by"
    )
    return get_object_or_404(questions, pk=pk)


@login_required
@require_GET
def backoffice_list(request):
    """The questions the user answers, unanswered first, with the unanswered counts."""
    questions = Question.objects.answerable_by(request.user).select_related("cooperation")
    counts = questions.aggregate(
        total=Count("pk", distinct=True),
        unanswered=Count("pk", filter=Q(answered_at__isnull=True), distinct=True),
    )
    state = request.GET.get("etat", "")
    if state == "sans-reponse":
        questions = questions.unanswered()
    elif state == "repondues":
        questions = questions.filter(answered_at__isnull=False)
    questions = questions.distinct().order_by(
        F("answered_at").asc(nulls_first=True), "-asked_at", "-pk"
    )
    return render(
        request,
        "animation/questions/backoffice/list.html",
        {
            "title": "Questions reçues",
            "page": page_of(request, questions, PER_PAGE),
            "counts": counts,
            "state": state,
        },
    )


@login_required
@rate_limit("animation.question_answer", user="60/h")
@require_http_methods(["GET", "HEAD", "POST"])
def backoffice_question(request, pk):
    """A question: who asked it (to the answerers only), the answer form, the publication."""
    question = answerable_question(request, pk)
    initial = {"answer": question.answer}
    form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        done = saved_on_form(
            request,
            form,
            lambda: services.question_answer(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            ),
        )
        if done:
            messages.success(
                request,
                "Votre réponse est enregistrée : elle part dans quelques instants par mail."
                if question.email
                else "Votre réponse est enregistrée.",
            )
            return redirect("animation:backoffice_question", pk=question.pk)
    return render(
        request,
        "animation/questions/backoffice/question.html",
        {
            "title": "Question",
            "question": question,
            "form": form,
            "published": list(question.faq_entries.all()),
        },
        status=400 if form.errors else 200,
    )


@login_required
@rate_limit("animation.faq_publish", user="60/h")
@require_http_methods(["GET", "HEAD", "POST"])
def backoffice_publish(request, pk):
    """Publish the answered question, reworded, into the public FAQ."""
    question = answerable_question(request, pk)
    if not question.is_answered:
        messages.error(request, "Répondez d'abord à la question avant de la publier.")
        return redirect("animation:backoffice_question", pk=question.pk)
    form = FaqEntryForm(
        request.POST if request.method == "POST" else None,
        initial={"answer": question.answer},
    )
    if request.method == "POST":
        done = saved_on_form(
            request,
            form,
            lambda: services.faq_publish(
                actor=request.user,
                question=question,
                faq_question=form.cleaned_data["question"],
                answer=form.cleaned_data["answer"],
                theme=form.cleaned_data["theme"],
            ),
        )
        if done:
            messages.success(request, "La question est publiée dans la foire aux questions.")
            return redirect("animation:backoffice_question", pk=question.pk)
    return render(
        request,
        "animation/questions/backoffice/publish.html",
        {"title": "Publier dans la foire aux questions", "question": question, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def backoffice_unpublish(request, pk):
    """Withdraw a text from the public FAQ."""
    entry = get_object_or_404(FaqEntry.objects.editable_by(request.user), pk=pk)
    source = entry.source_id
    services.faq_unpublish(actor=request.user, entry=entry)
    messages.success(request, "Le texte est retiré de la foire aux questions.")
    if source:
        return redirect("animation:backoffice_question", pk=source)
    return redirect("animation:backoffice_questions")
