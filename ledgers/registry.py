"""The importer for each kind of file."""

from activities.filters import (
    ActivityFilter,
    CampaignFilter,
    ContactTallyFilter,
    MediaReportFilter,
    OutputFilter,
    ProblemFilter,
)
from archives.filters import DutyFilter, PostHeldFilter
from representatives.filters import AreaListFilter, RepresentativeFilter
from suggestions.filters import SuggestionFilter

from .activities import ActivityImporter
from .areas import AreaImporter
from .campaigns import CampaignImporter
from .contacts import ContactImporter
from .duties import DutyImporter
from .media import MediaImporter
from .outputs import OutputImporter
from .posts import PostImporter
from .problems import ProblemImporter
from .roster import RosterImporter
from .suggestions import SuggestionImporter

IMPORTERS = {
    importer.layout.kind: importer
    for importer in [
        AreaImporter,
        RosterImporter,
        CampaignImporter,
        ActivityImporter,
        ProblemImporter,
        OutputImporter,
        ContactImporter,
        MediaImporter,
        SuggestionImporter,
        DutyImporter,
        PostImporter,
    ]
}

# The records each kind of ledger lists, filtered as the lists filter them.
FILTERS = {
    "areas": AreaListFilter,
    "roster": RepresentativeFilter,
    "campaigns": CampaignFilter,
    "activities": ActivityFilter,
    "problems": ProblemFilter,
    "outputs": OutputFilter,
    "contacts": ContactTallyFilter,
    "media": MediaReportFilter,
    "suggestions": SuggestionFilter,
    "duties": DutyFilter,
    "posts": PostHeldFilter,
}
