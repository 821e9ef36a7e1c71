"""What a campaign produced in suggestions, on its dashboard and in its bulletin draft:
registered with `activities.figures.add_campaign_extra` (activities and bulletins import
nothing of this app), computed by `figures.campaign_suggestions`."""

from activities.figures import CampaignExtra, add_campaign_extra

from .figures import campaign_suggestions


def sentence(figures):
    """The bulletin's sentence about the campaign's suggestions (its register: Chinese)."""
    ratings = figures["ratings"]
    content = ratings["satisfied"] + ratings["basically_satisfied"]
    said = f"主题活动中形成的代表建议{figures['put']}件，已交办{figures['received']}件"
    if figures["received"]:
        said += (
            f"，已答复{figures['answered']}件，其中按期答复{figures['on_time']}件"
            f"（按期答复率{figures['on_time_rate']}%）"
        )
    if content or ratings["dissatisfied"]:
        said += f"；代表对答复满意或基本满意{content}件，满意率{ratings['satisfaction_rate']}%"
    return said + "。"


def campaign_extra(campaign):
    """The campaign's suggestions block and sentence; None when it produced none."""
    figures = campaign_suggestions(campaign)
    if not figures["put"]:
        return None
    return CampaignExtra("suggestions/_campaign.html", figures, sentence(figures))


def register():
    add_campaign_extra(campaign_extra)
