"""briefing.write.site_writer"""
