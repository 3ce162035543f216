"""``{% live "name" key %}…{% endlive %}``: a part of a kept page that follows answers and check-ins.

In a page kept under the content version (``core.versions.CachedPageMixin.page_live``) the part is
a mark, which each response fills with the part as the view computes it (``live_parts``) and keeps
under the full version; anywhere else the part is rendered as it is written.
"""

from django import template
from django.utils.safestring import mark_safe

from core.versions import LIVE_MARK

register = template.Library()


class LiveNode(template.Node):
    def __init__(self, parts, nodelist):
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context):
        if context.get("page_live"):
            name = ":".join(str(part.resolve(context)) for part in self.parts)
            return mark_safe(LIVE_MARK % name)
        return self.nodelist.render(context)


@register.tag
def live(parser, token):
    """The part's name is its arguments joined by colons: ``{% live "count" session.pk %}`` is ``count:12``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% live %} needs the part's name")
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist)
