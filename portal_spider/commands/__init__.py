"""Scrapy commands of the project (``COMMANDS_MODULE``): ``scrapy crawl`` with the crawl's option checks."""
