"""The content API: published articles as ninjs 2.x JSON, for partners and apps."""
