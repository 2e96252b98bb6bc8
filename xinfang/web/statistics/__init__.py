"""Statistics pages: volumes, on-time rates, shares and satisfaction for an organ's subtree and
a period, with server-rendered SVG charts, drill-downs to the matters and downloads."""
