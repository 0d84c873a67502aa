// Starts GOV.UK Frontend's and MoJ Frontend's components once the page has loaded.
window.GOVUKFrontend.initAll();
window.MOJFrontend.initAll();
