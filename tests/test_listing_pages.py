"""Home and author pages list published stories as cards."""


def test_home_lists_the_seed_story_with_its_dek(seed_article, chrome):
    response = chrome.get("/")
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()
    assert "Secretary of State John Kerry joins a NATO summit" in response.content.decode()


def test_author_page_lists_the_stories_of_its_byline(seed_article, chrome):
    response = chrome.get("/authors/alastair-jamieson/")
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()
